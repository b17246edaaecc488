// Returns one hop of a neighbourhood: for each frontier node the caller may see, `id`, `node`
// (its node_view map), `sample` (up to $limit_per_node maps {edge: edge_view, node: node_view} of the relationships
// and neighbours the caller may see through the filters) and `total` (how many there are in
// all; counted only when the sample is full, so a super-node answers a capped sample and its
// true count). `$rel_types` keeps these relationship types (null: all); `$direction` is 'out',
// 'in' or 'both'. The sample takes relationships in storage order, so a super-node's sample
// costs what the sample costs, not what the node's degree costs.
// params: frontier, rel_types, direction, limit_per_node, since, until, as_of, min_confidence, scope
UNWIND $frontier AS node_id
MATCH (node:Entity {id: node_id})
WHERE {{visible_node(node)}}
WITH node, node_id, COLLECT {
    MATCH (node)-[edge]-(other)
    WHERE ($rel_types IS NULL OR type(edge) IN $rel_types)
      AND ($direction = 'both' OR ($direction = 'out') = (startNode(edge) = node))
      AND {{edge_filters(edge)}} AND {{visible_edge(edge)}} AND {{visible_node(other)}}
    WITH edge, other LIMIT $limit_per_node
    RETURN {edge: {{edge_view(edge)}}, node: {{node_view(other)}}}
  } AS sample
RETURN node_id AS id, {{node_view(node)}} AS node, sample,
  CASE WHEN size(sample) < $limit_per_node THEN size(sample) ELSE COUNT {
    MATCH (node)-[edge]-(other)
    WHERE ($rel_types IS NULL OR type(edge) IN $rel_types)
      AND ($direction = 'both' OR ($direction = 'out') = (startNode(edge) = node))
      AND {{edge_filters(edge)}} AND {{visible_edge(edge)}} AND {{visible_node(other)}}
  } END AS total
