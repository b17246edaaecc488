// Returns nothing; writes the chosen values and the per-source claims of contested nodes (claims.py).
// `replan=skip`: a unique-index lookup, whatever the statistics say (see writer.py).
// params: rows
CYPHER replan=skip
UNWIND $rows AS row
MATCH (node:Entity {id: row.id})
SET node += row.props, node._claims = row.claims
