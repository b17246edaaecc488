// Returns the node of any type with this id as `entity` (one row, or none).
// params: id
MATCH (entity:Entity {id: $id})
RETURN entity
