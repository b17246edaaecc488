// Returns the account with this id as `account` (one row, or none).
// params: id
MATCH (account:Entity {id: $id})
WHERE account:Account
RETURN account
