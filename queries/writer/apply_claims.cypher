// Returns nothing; writes the chosen values and the per-source claims of contested nodes (claims.py).
// params: rows
UNWIND $rows AS row
MATCH (node:Entity {id: row.id})
SET node += row.props, node._claims = row.claims
