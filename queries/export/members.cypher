// Returns the nodes of $ids (one page of a scope given as its member ids, in that order) the
// caller may see, as export.whole does, with the relationships to nodes in $members (all the
// scope's ids). For scopes small enough to list: a neighbourhood, a canonical entity.
// params: ids, members, scope, incoming, incoming_targets, target_keys
UNWIND $ids AS member_id
MATCH (n:Entity {id: member_id})
WHERE {{visible_node(n)}}
RETURN n.id AS id, {{node_view(n)}} AS node,
  COLLECT {
    MATCH (n)-[r]->(m:Entity)
    WHERE m.id IN $members
      AND {{visible_edge(r)}}
      AND {{visible_node(m)}}
    RETURN {edge: {{edge_view(r)}}, labels: labels(m),
            values: CASE WHEN {{wholly_visible(m)}} THEN [k IN $target_keys | m[k]] ELSE [] END}
      AS edge
  } AS edges,
  COLLECT {
    UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
    MATCH (t)<-[r:$any($incoming)]-(m:Entity)
    WHERE m.id IN $members
      AND {{visible_edge(r)}}
      AND {{visible_node(m)}}
    RETURN {edge: {{edge_view(r)}}, labels: labels(m), values: []} AS edge
  } AS incoming
