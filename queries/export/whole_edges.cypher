// Returns the next $chunk relationships of a page of the whole graph (the visible nodes $ids,
// from export.whole), as the caller may see them, ordered by `node` (the page node's id) then
// `key`, after ($at_node, $at_edge) ('' and '' for the first chunk): for each node, first its
// relationships whose type is in $incoming and that end at it, when it is labelled one of
// $incoming_targets (key '0' + element id; formats that carry such an edge on its target, an
// FtM payment its payer), then its outgoing relationships (key '1' + element id), each to a
// visible node. `edge` is the edge_view (temporal values as text, see portable_pairs),
// `labels` the other end's labels, `values` (outgoing only) the other end's properties named
// in $target_keys when every source of that node is visible. Chunks bound what a node with
// many relationships costs in memory and in one transaction.
// params: ids, at_node, at_edge, chunk, scope, incoming, incoming_targets, target_keys
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
WITH n, r, m, key ORDER BY n.id, key LIMIT $chunk
WITH n, m, key, {{edge_view(r)}} AS view
WITH n, m, key, view, view.properties AS pairs
RETURN n.id AS node, key, view {.*, properties: {{portable_pairs(pairs)}}} AS edge,
  labels(m) AS labels,
  CASE WHEN key STARTS WITH '1' AND {{wholly_visible(m)}}
    THEN [k IN $target_keys | m[k]] ELSE [] END AS values
ORDER BY node, key
