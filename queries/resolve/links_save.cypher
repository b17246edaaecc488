// Returns `left` and `right` of each scored pair in $rows ({left, right, props}, left < right)
// after writing it as a SAME_AS hypothesis (loaded_at set once) with its probability, status and
// explanation. The two source records themselves are not changed.
// params: rows, loaded_at
UNWIND $rows AS row
MATCH (left:Entity {id: row.left})
MATCH (right:Entity {id: row.right})
MERGE (left)-[link:SAME_AS]->(right)
ON CREATE SET link.loaded_at = $loaded_at
SET link += row.props
RETURN left.id AS left, right.id AS right
