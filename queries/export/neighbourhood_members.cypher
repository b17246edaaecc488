// Returns the sorted ids of the nodes the caller may see within $depth (0 to 3) hops of the
// nodes $ids, following visible relationships either way, and of the visible Sources they cite:
// one row, `members` (empty when no id exists). Hidden nodes are never crossed: they lead
// nowhere ($scope: the caller's, as the fragments in queries/fragments/ read it).
// params: ids, depth, scope
MATCH (seed:Entity)
WHERE seed.id IN $ids
  AND {{visible_node(seed)}}
WITH collect(seed) AS ring0
CALL (ring0) {
  UNWIND CASE WHEN $depth >= 1 THEN ring0 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE {{visible_edge(r)}} AND {{visible_node(b)}}
  RETURN collect(DISTINCT b) AS ring1
}
CALL (ring1) {
  UNWIND CASE WHEN $depth >= 2 THEN ring1 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE {{visible_edge(r)}} AND {{visible_node(b)}}
  RETURN collect(DISTINCT b) AS ring2
}
CALL (ring2) {
  UNWIND CASE WHEN $depth >= 3 THEN ring2 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE {{visible_edge(r)}} AND {{visible_node(b)}}
  RETURN collect(DISTINCT b) AS ring3
}
RETURN COLLECT {
  UNWIND ring0 + ring1 + ring2 + ring3 AS node
  UNWIND [node.id] + [s IN coalesce(node.sources, [])
                      WHERE $scope.sources IS NULL OR s IN $scope.sources] AS member_id
  WITH DISTINCT member_id
  MATCH (member:Entity {id: member_id})
  WHERE {{visible_node(member)}}
  RETURN member.id AS member_id ORDER BY member_id
} AS members
