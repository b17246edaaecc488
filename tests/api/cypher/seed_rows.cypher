// Creates the nodes and relationships it is given (the property-based access tests make them);
// returns nothing. $sources: [{id, marking}]; $nodes: [{id, label, props}] (label Account or
// InfluenceOperation, props including sources and _claims); $edges: [{source, target, props}]
// (PART_OF relationships).
// params: sources, nodes, edges
UNWIND $sources AS source
CREATE (node:Entity:Source {id: source.id, title: source.id, sources: [source.id]})
SET node.marking = source.marking
WITH count(*) AS made
UNWIND $nodes AS row
CALL (row) {
  CREATE (node:Entity {id: row.id})
  SET node += row.props, node:$(row.label)
}
WITH count(*) AS made
UNWIND $edges AS row
MATCH (account:Entity {id: row.source}), (operation:Entity {id: row.target})
CREATE (account)-[edge:PART_OF]->(operation)
SET edge += row.props
