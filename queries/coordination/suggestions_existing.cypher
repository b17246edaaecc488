// Returns every SUGGESTED_PART_OF edge as `account`, `operation` and its review `status`.
// params:
MATCH (account:Account)-[suggestion:SUGGESTED_PART_OF]->(operation:InfluenceOperation)
RETURN account.id AS account, operation.id AS operation, suggestion.status AS status
