// Returns the accounts with this handle; the text mentions '$not_a_param' only inside a string
// and a comment: // not $this_either
// params: platform, handle
MATCH (account:Account {platform: $platform, handle_key: toLower($handle)})
WHERE account.description <> 'costs $5' /* or $in_a_block_comment */
RETURN account, $`handle` AS asked
