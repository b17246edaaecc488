// Returns, for each id in $ids that names a node: `id`, `kinds` (its resolvable type labels:
// Person, Organisation, Account) and `canonical` (the id of the canonical entity it resolves
// to, or null).
// params: ids
UNWIND $ids AS id
MATCH (record:Entity {id: id})
OPTIONAL MATCH (record)-[:RESOLVED_TO]->(canonical:ResolvedEntity)
RETURN record.id AS id,
       [label IN labels(record) WHERE label IN ['Person', 'Organisation', 'Account']] AS kinds,
       canonical.id AS canonical
