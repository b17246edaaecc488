// Returns the `id` of each canonical entity in $rows ({id, props}) after creating it if missing
// (loaded_at set once) and setting its properties (a null value removes one).
// params: rows, loaded_at
UNWIND $rows AS row
MERGE (canonical:Entity {id: row.id})
ON CREATE SET canonical:ResolvedEntity, canonical.loaded_at = $loaded_at
SET canonical += row.props
RETURN canonical.id AS id
