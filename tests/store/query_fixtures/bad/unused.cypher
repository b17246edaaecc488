// Returns the account with this id.
// params: id, limit
MATCH (account:Entity {id: $id}) RETURN account
