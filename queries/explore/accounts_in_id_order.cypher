// Returns every account the caller may see, in id order after $after, at most $limit: `node`
// (a node_view map), and `total` (every account the caller may see, when $with_total). With no
// filter this is what accounts.cypher would answer, read in the order of the entity id index:
// a page costs its own size, not the number of accounts (that one sorts every passing account
// before cutting a page: 0.3 s a page at 100,000 accounts). Only the total, when asked, counts
// them all.
// params: after, limit, with_total, scope
CALL () {
  WITH 1 AS asked WHERE $with_total
  MATCH (account:Account)
  WHERE {{visible_node(account)}}
  RETURN count(account) AS total
}
MATCH (account:Entity:Account)
USING INDEX account:Entity(id)
WHERE account.id > coalesce($after, '') AND {{visible_node(account)}}
WITH account, total ORDER BY account.id LIMIT $limit
RETURN {{node_view(account)}} AS node, CASE WHEN $with_total THEN total END AS total
