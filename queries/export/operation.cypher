// Returns one page of an influence operation's scope in id order, as export.whole does (what
// the caller may see of it, by $scope): nodes
// after $after that are the operation $id, its accounts (PART_OF), their posts (POSTED), the
// nodes the operation links to (its outgoing relationships: actors, techniques, targets,
// narratives, platforms) or the Sources that assert it or its relationships (its evidence);
// with the relationships between them. Pages seek Entity.id and test each node, so a whole
// export reads the graph's index once, whatever the operation's size (a small operation in a
// big graph pays one scan). No rows when $id is not an operation.
// params: id, after, page, scope, incoming, incoming_targets, target_keys
MATCH (op:Entity {id: $id})
WHERE op:InfluenceOperation
WITH op,
     COLLECT { MATCH (op)-->(linked:Entity) RETURN DISTINCT linked } AS linked,
     coalesce(op.sources, []) + COLLECT {
       MATCH (op)-[r]-()
       UNWIND coalesce(r.sources, []) AS source_id
       RETURN DISTINCT source_id
     } AS evidence
CALL (op, linked, evidence) {
  MATCH (n:Entity)
  WHERE n.id > $after
    AND {{visible_node(n)}}
    AND (n = op OR n IN linked OR (n:Source AND n.id IN evidence)
      OR (n:Account AND EXISTS { (n)-[:PART_OF]->(op) })
      OR (n:Post AND EXISTS { (n)<-[:POSTED]-(:Account)-[:PART_OF]->(op) }))
  RETURN n ORDER BY n.id LIMIT $page
}
RETURN n.id AS id, {{node_view(n)}} AS node,
  COLLECT {
    MATCH (n)-[r]->(m:Entity)
    WHERE {{visible_edge(r)}}
      AND {{visible_node(m)}}
      AND (m = op OR m IN linked OR (m:Source AND m.id IN evidence)
        OR (m:Account AND EXISTS { (m)-[:PART_OF]->(op) })
        OR (m:Post AND EXISTS { (m)<-[:POSTED]-(:Account)-[:PART_OF]->(op) }))
    RETURN {edge: {{edge_view(r)}}, labels: labels(m),
            values: CASE WHEN {{wholly_visible(m)}} THEN [k IN $target_keys | m[k]] ELSE [] END}
      AS edge
  } AS edges,
  COLLECT {
    UNWIND CASE WHEN any(l IN labels(n) WHERE l IN $incoming_targets) THEN [n] ELSE [] END AS t
    MATCH (t)<-[r:$any($incoming)]-(m:Entity)
    WHERE {{visible_edge(r)}}
      AND {{visible_node(m)}}
      AND (m = op OR m IN linked OR (m:Source AND m.id IN evidence)
        OR (m:Account AND EXISTS { (m)-[:PART_OF]->(op) })
        OR (m:Post AND EXISTS { (m)<-[:POSTED]-(:Account)-[:PART_OF]->(op) }))
    RETURN {edge: {{edge_view(r)}}, labels: labels(m), values: []} AS edge
  } AS incoming
