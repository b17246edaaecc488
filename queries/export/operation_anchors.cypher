// Returns what an influence operation's export scope is built around, as the caller may see it
// (one row, or none when $id is not an operation the caller may see, so a hidden operation
// reads as a missing one): `linked`, the ids of the nodes it links to through visible
// relationships (actors, techniques, targets, narratives, platforms), and `evidence`, the ids
// of the visible Sources that assert it or its visible relationships. Read once per export;
// export.operation and export.operation_edges take them as parameters.
// params: id, scope
MATCH (op:Entity {id: $id})
WHERE op:InfluenceOperation
  AND {{visible_node(op)}}
RETURN COLLECT {
    MATCH (op)-[r]->(linked:Entity)
    WHERE {{visible_edge(r)}}
    RETURN DISTINCT linked.id
  } AS linked,
  COLLECT {
    UNWIND coalesce(op.sources, []) + COLLECT {
      MATCH (op)-[r]-()
      WHERE {{visible_edge(r)}}
      UNWIND coalesce(r.sources, []) AS source_id
      RETURN source_id
    } AS source_id
    WITH DISTINCT source_id
    WHERE $scope.sources IS NULL OR source_id IN $scope.sources
    RETURN source_id
  } AS evidence
