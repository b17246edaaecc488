// Returns the operations of an account.
// params: account_id
MATCH (:Entity {id: $acount_id})-[:PART_OF]->(operation) RETURN operation
