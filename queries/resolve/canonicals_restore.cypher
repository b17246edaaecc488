// Returns the `id` of each canonical entity in $rows ({props}) after creating it with exactly
// these properties (an unmerge putting back what a merge replaced).
// params: rows
UNWIND $rows AS row
CREATE (canonical:Entity:ResolvedEntity)
SET canonical = row.props
RETURN canonical.id AS id
