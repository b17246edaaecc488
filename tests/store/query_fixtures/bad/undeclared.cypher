// Returns the accounts with this id, at most $limit of them.
// params: id
MATCH (account:Entity {id: $id}) RETURN account LIMIT $limit
