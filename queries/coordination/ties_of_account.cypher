// Returns the COORDINATED_WITH ties of the account $account_id with weight at least
// $min_weight, strongest first (at most $limit): `account` and `partner` (nodes) and `tie`
// (the edge's properties: weights, confidence, run, window, evidence lists).
// Only what the caller's $scope may see.
// params: account_id, min_weight, limit, scope
MATCH (account:Account {id: $account_id})-[tie:COORDINATED_WITH]-(partner:Account)
WHERE tie.weight >= $min_weight
  AND {{visible_node(account)}} AND {{visible_node(partner)}} AND {{visible_edge(tie)}}
RETURN account, partner, properties(tie) AS tie, startNode(tie) = account AS outgoing
ORDER BY tie.weight DESC, partner.id
LIMIT $limit
