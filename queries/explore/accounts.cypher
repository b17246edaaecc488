// Returns accounts the caller may see, filtered, in id order after $after, at most $limit:
// `node` (a node_view map), and `total` (all that pass the filters, when $with_total).
// Filters (each off when null): PART_OF the operation with id $operation; holding $handle
// (any case, with or without @); on $platform; seen between $since and $until. The most
// selective filter given is where the search starts (the operation, else the handle index).
// params: platform, operation, handle, since, until, after, limit, with_total, scope
WITH CASE WHEN $handle IS NULL THEN null
          ELSE toLower(CASE WHEN trim($handle) STARTS WITH '@' THEN substring(trim($handle), 1)
                       ELSE trim($handle) END) END AS key
CALL (key) {
  MATCH (:InfluenceOperation {id: $operation})<-[edge:PART_OF]-(account:Account)
  WHERE {{visible_edge(edge)}}
  RETURN account
  UNION
  MATCH (account:Account {handle_key: key})
  WHERE $operation IS NULL
  RETURN account
  UNION
  MATCH (account:Account)
  WHERE $operation IS NULL AND key IS NULL
  RETURN account
}
WITH key, account
WHERE (key IS NULL OR account.handle_key = key)
  AND ($platform IS NULL OR account.platform = toLower($platform))
  AND ($since IS NULL OR coalesce(account.last_seen, account.first_seen) >= $since)
  AND ($until IS NULL OR coalesce(account.first_seen, account.last_seen) <= $until)
  AND {{visible_node(account)}}
WITH account ORDER BY account.id
WITH collect(account) AS passing
// One row until the page is cut: sorted rows that each carried the list of every passing
// account were charged its memory each, and a page of 2,000 of 100,000 accounts passed the
// database's transaction memory limit.
UNWIND [account IN passing WHERE $after IS NULL OR account.id > $after][0..$limit] AS account
RETURN {{node_view(account)}} AS node, CASE WHEN $with_total THEN size(passing) END AS total
