// Returns, for each account coordinated with accounts that a source puts in an operation it is
// not itself PART_OF: `account`, `operation` and the ties as parallel lists `partners`,
// `weights` and `confidences` (of the COORDINATED_WITH edges), partners in id order.
// params:
MATCH (account:Account)-[tie:COORDINATED_WITH]-(partner:Account)-[:PART_OF]->(operation:InfluenceOperation)
WHERE NOT (account)-[:PART_OF]->(operation)
WITH account, operation, partner, tie ORDER BY partner.id
RETURN account.id AS account, operation.id AS operation, collect(partner.id) AS partners,
    collect(tie.weight) AS weights, collect(tie.confidence) AS confidences
ORDER BY account, operation
