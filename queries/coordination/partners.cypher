// Returns `partner`: the id of every account with a COORDINATED_WITH edge to one of the accounts
// $accounts (ids). Their pairs depend on those accounts' activity, so an incremental run
// recomputes them when those accounts post again.
// params: accounts
UNWIND $accounts AS account_id
MATCH (:Account {id: account_id})-[:COORDINATED_WITH]-(partner:Account)
RETURN DISTINCT partner.id AS partner
