// Returns the COORDINATED_WITH ties of the accounts a source puts in the operation
// $operation_id, with weight at least $min_weight, strongest first (at most $limit): `account`
// (the operation's account), `partner` (nodes), `tie` (the edge's properties) and `outgoing`.
// Only what the caller's $scope may see.
// params: operation_id, min_weight, limit, scope
MATCH (operation:InfluenceOperation {id: $operation_id})<-[part:PART_OF]-(account:Account)
WHERE {{visible_node(operation)}} AND {{visible_edge(part)}}
MATCH (account)-[tie:COORDINATED_WITH]-(partner:Account)
WHERE tie.weight >= $min_weight
  AND {{visible_node(account)}} AND {{visible_node(partner)}} AND {{visible_edge(tie)}}
RETURN account, partner, properties(tie) AS tie, startNode(tie) = account AS outgoing
ORDER BY tie.weight DESC, account.id, partner.id
LIMIT $limit
