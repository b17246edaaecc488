// Returns the next $chunk relationships of a page of an influence operation's scope (its
// nodes $ids, from export.operation) to nodes in the scope of the operation $id
// (queries/fragments/in_operation.cypher; $linked, $evidence from export.operation_anchors),
// as the caller may see them: ordered by `node` then `key`, after ($at_node, $at_edge); the
// rows as export.whole_edges returns them.
// params: id, linked, evidence, ids, at_node, at_edge, chunk, scope, incoming, incoming_targets, target_keys
MATCH (n:Entity)
WHERE n.id IN $ids
  AND n.id >= $at_node
  AND {{visible_node(n)}}
CALL (n) {
  UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
  MATCH (t)<-[r:$any($incoming)]-(m:Entity)
  RETURN r, m, '0' + elementId(r) AS key
  UNION ALL
  MATCH (n)-[r]->(m:Entity)
  RETURN r, m, '1' + elementId(r) AS key
}
WITH n, r, m, key
WHERE (n.id > $at_node OR key > $at_edge)
  AND {{visible_edge(r)}}
  AND {{visible_node(m)}}
  AND {{in_operation(m)}}
WITH n, r, m, key ORDER BY n.id, key LIMIT $chunk
WITH n, m, key, {{edge_view(r)}} AS view
WITH n, m, key, view, view.properties AS pairs
RETURN n.id AS node, key, view {.*, properties: {{portable_pairs(pairs)}}} AS edge,
  labels(m) AS labels,
  CASE WHEN key STARTS WITH '1' AND {{wholly_visible(m)}}
    THEN [k IN $target_keys | m[k]] ELSE [] END AS values
ORDER BY node, key
