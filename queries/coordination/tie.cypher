// Returns the COORDINATED_WITH edge between the accounts $source_id and $target_id (either
// direction): `account` (the first), `partner`, `tie` (the edge's properties) and `outgoing`.
// Nothing if the caller's $scope may not see both accounts and the edge.
// params: source_id, target_id, scope
MATCH (account:Account {id: $source_id})-[tie:COORDINATED_WITH]-(partner:Account {id: $target_id})
WHERE {{visible_node(account)}} AND {{visible_node(partner)}} AND {{visible_edge(tie)}}
RETURN account, partner, properties(tie) AS tie, startNode(tie) = account AS outgoing
