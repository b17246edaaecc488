// Returns `member` and `canonical` of each membership in $rows ({member, canonical, props}) after
// creating it with exactly these properties (an unmerge putting back what a merge replaced).
// params: rows
UNWIND $rows AS row
MATCH (member:Entity {id: row.member})
MATCH (canonical:ResolvedEntity {id: row.canonical})
CREATE (member)-[membership:RESOLVED_TO]->(canonical)
SET membership = row.props
RETURN member.id AS member, canonical.id AS canonical
