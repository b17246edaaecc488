// Returns `member` and `canonical` of each membership in $rows ({member, canonical, props}) after
// linking the source record to its canonical entity by RESOLVED_TO (loaded_at set once) and
// setting the link's score and explanation. The source record itself is not changed.
// params: rows, loaded_at
UNWIND $rows AS row
MATCH (member:Entity {id: row.member})
MATCH (canonical:ResolvedEntity {id: row.canonical})
MERGE (member)-[membership:RESOLVED_TO]->(canonical)
ON CREATE SET membership.loaded_at = $loaded_at
SET membership += row.props
RETURN member.id AS member, canonical.id AS canonical
