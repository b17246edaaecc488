// Returns one page of one relationship field for each parent id the caller may see: `id`,
// `page` (up to $first + 1 maps {key, edge: edge_view, node: node_view}, in key order after
// $after) and `total` (how many the caller may see through the filters, when $with_total).
// A template: `rel_type` is the relationship type, filled from the ontology. `$direction` is
// 'out' (parent is the start), 'in' (parent is the end) or 'both'. The key of a row is the
// other node's id plus '>' (outgoing) or '<' (incoming), so pages are stable and a
// relationship stored in both directions between two nodes shows twice, once per direction.
// slots: rel_type
// params: ids, direction, after, first, with_total, since, until, as_of, min_confidence, scope
UNWIND $ids AS parent_id
MATCH (parent:Entity {id: parent_id})
WHERE {{visible_node(parent)}}
RETURN parent_id AS id,
  COLLECT {
    MATCH (parent)-[edge:`{{rel_type}}`]-(other)
    WHERE ($direction = 'both' OR ($direction = 'out') = (startNode(edge) = parent))
      AND {{edge_filters(edge)}} AND {{visible_edge(edge)}} AND {{visible_node(other)}}
    WITH edge, other,
         other.id + CASE WHEN startNode(edge) = parent THEN '>' ELSE '<' END AS key
    WHERE $after IS NULL OR key > $after
    WITH edge, other, key ORDER BY key LIMIT $first + 1
    RETURN {key: key, edge: {{edge_view(edge)}}, node: {{node_view(other)}}}
  } AS page,
  CASE WHEN $with_total THEN COUNT {
    MATCH (parent)-[edge:`{{rel_type}}`]-(other)
    WHERE ($direction = 'both' OR ($direction = 'out') = (startNode(edge) = parent))
      AND {{edge_filters(edge)}} AND {{visible_edge(edge)}} AND {{visible_node(other)}}
  } END AS total
