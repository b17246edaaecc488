// Returns the suggested (inferred, never asserted) operations of the account $account_id, most
// confident first: `operation` (the node), `confidence`, `status` (pending, confirmed or
// rejected), `run_id`, the evidence as `partners` (the operation's accounts it is coordinated
// with, as nodes) and `weights` (of those ties), and the review `reviewed_by`, `reviewed_at`,
// `review_reason`.
// Only what the caller's $scope may see (partners it may not see are left out).
// params: account_id, scope
MATCH (account:Account {id: $account_id})-[suggestion:SUGGESTED_PART_OF]->(operation:InfluenceOperation)
WHERE {{visible_node(account)}} AND {{visible_node(operation)}} AND {{visible_edge(suggestion)}}
RETURN operation, suggestion.confidence AS confidence, suggestion.status AS status,
    suggestion.run_id AS run_id,
    [id IN suggestion.evidence_accounts |
        head(COLLECT {MATCH (p:Account {id: id}) WHERE {{visible_node(p)}} RETURN p})]
        AS partners,
    suggestion.evidence_weights AS weights, suggestion.reviewed_by AS reviewed_by,
    suggestion.reviewed_at AS reviewed_at, suggestion.review_reason AS review_reason
ORDER BY confidence DESC, operation.id
