// Returns the accounts the caller may see that hold this handle (any case, with or without @),
// on `$platform` (lower case) or on any platform when it is null: `node` (a node_view map),
// most recently seen first. A handle can have been held by several accounts over time, or
// published for two accounts: every one is returned.
// params: platform, handle, scope
WITH toLower(trim($handle)) AS handle
WITH CASE WHEN handle STARTS WITH '@' THEN substring(handle, 1) ELSE handle END AS key
MATCH (account:Account {handle_key: key})
WHERE ($platform IS NULL OR account.platform = toLower(trim($platform)))
  AND {{visible_node(account)}}
WITH account ORDER BY account.last_seen IS NULL, account.last_seen DESC, account.id
RETURN {{node_view(account)}} AS node
