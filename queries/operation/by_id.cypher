// Returns the influence operation with this id as `operation` (one row, or none).
// params: id
MATCH (operation:Entity {id: $id})
WHERE operation:InfluenceOperation
RETURN operation
