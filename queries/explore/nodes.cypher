// Returns the nodes with these ids that the caller may see, one row each: `id` and `node` (a
// node_view map). An id that is missing and an id the caller may not see are both simply
// absent: the same answer, so a hidden node cannot be told from a missing one.
// params: ids, scope
UNWIND $ids AS wanted
MATCH (node:Entity {id: wanted})
WHERE {{visible_node(node)}}
RETURN wanted AS id, {{node_view(node)}} AS node
