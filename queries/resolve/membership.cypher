// Returns, for each id in $ids that names a node the caller's $scope sees: `id`, `kinds` (its resolvable type labels:
// Person, Organisation, Account) and `canonical` (the id of the canonical entity it resolves
// to, or null).
// params: ids, scope
UNWIND $ids AS id
MATCH (record:Entity {id: id})
WHERE {{visible_node(record)}}
OPTIONAL MATCH (record)-[:RESOLVED_TO]->(canonical:ResolvedEntity)
RETURN record.id AS id,
       [label IN labels(record) WHERE label IN ['Person', 'Organisation', 'Account']] AS kinds,
       canonical.id AS canonical
