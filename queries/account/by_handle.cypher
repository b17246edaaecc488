// Returns the accounts on a platform with this handle as `account`, matched case-insensitively
// (through handle_key: the lower-case handle without @), most recently seen first. Usually one
// row; a handle can have been held by several accounts over time.
// params: platform, handle
WITH toLower(trim($platform)) AS platform, toLower(trim($handle)) AS handle
WITH platform, CASE WHEN handle STARTS WITH '@' THEN substring(handle, 1) ELSE handle END AS key
MATCH (account:Account {platform: platform, handle_key: key})
RETURN account
ORDER BY account.last_seen IS NULL, account.last_seen DESC, account.id
