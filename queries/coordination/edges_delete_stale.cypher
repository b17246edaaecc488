// Returns `deleted`, the number of COORDINATED_WITH edges removed: up to $limit edges that the
// run $run_id did not write, between accounts in $accounts (null: any accounts; a full run
// replaces every edge, an incremental one those among the accounts it recomputed).
// params: run_id, accounts, limit
MATCH (a:Account)-[edge:COORDINATED_WITH]->(b:Account)
WHERE edge.run_id <> $run_id
  AND ($accounts IS NULL OR (a.id IN $accounts AND b.id IN $accounts))
WITH edge LIMIT $limit
DELETE edge
RETURN count(*) AS deleted
