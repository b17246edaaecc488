// Returns one page of the whole graph in id order: each node after $after that the caller may
// see (`id`; `node`, its node_view: properties, sources, origins and claims cut to the caller's
// $scope), `edges` (its outgoing relationships to visible nodes) and `incoming` (its incoming
// relationships whose type is in $incoming, read for nodes labelled one of $incoming_targets:
// formats that carry such an edge on its target, an FtM payment its payer). An edge is
// {edge: its edge_view, labels: the other end's labels, values: the other end's properties
// named in $target_keys, when every source of that node is visible}. Visibility is the
// reviewed rule of queries/fragments/ (a node or relationship is visible when a visible source
// asserts it). Pages are index seeks on Entity.id, so a whole export reads each node once.
// params: after, page, scope, incoming, incoming_targets, target_keys
MATCH (n:Entity)
WHERE n.id > $after
  AND {{visible_node(n)}}
WITH n ORDER BY n.id LIMIT $page
RETURN n.id AS id, {{node_view(n)}} AS node,
  COLLECT {
    MATCH (n)-[r]->(m:Entity)
    WHERE {{visible_edge(r)}}
      AND {{visible_node(m)}}
    RETURN {edge: {{edge_view(r)}}, labels: labels(m),
            values: CASE WHEN {{wholly_visible(m)}} THEN [k IN $target_keys | m[k]] ELSE [] END}
      AS edge
  } AS edges,
  COLLECT {
    UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
    MATCH (t)<-[r:$any($incoming)]-(m:Entity)
    WHERE {{visible_edge(r)}}
      AND {{visible_node(m)}}
    RETURN {edge: {{edge_view(r)}}, labels: labels(m), values: []} AS edge
  } AS incoming
