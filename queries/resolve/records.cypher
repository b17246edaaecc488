// Returns the source records of one type ($kind: Person, Organisation or Account) to resolve, a
// page at a time in id order after $after: `id` and `props` (all the node's properties).
// params: kind, after, limit
MATCH (record:$($kind))
WHERE record.id > $after
RETURN record.id AS id, properties(record) AS props
ORDER BY record.id
LIMIT $limit
