// Returns the ids of a canonical entity's scope (one row, or none) as the caller may see it:
// `canonical` (the ResolvedEntity $id, or the one the record $id resolves to) and `members`,
// sorted: its own id, the ids of the visible records resolved to it and of the visible Sources
// they cite.
// params: id, scope
MATCH (start:Entity {id: $id})
OPTIONAL MATCH (start)-[:RESOLVED_TO]->(parent:ResolvedEntity)
WITH CASE WHEN start:ResolvedEntity THEN start ELSE parent END AS canonical
WHERE canonical IS NOT NULL AND {{visible_node(canonical)}}
RETURN canonical.id AS canonical, COLLECT {
  MATCH (record:Entity)-[link:RESOLVED_TO]->(canonical)
  WHERE {{visible_node(record)}} AND {{visible_edge(link)}}
  WITH collect(record) AS records
  UNWIND [canonical] + records AS node
  UNWIND [node.id] + [s IN coalesce(node.sources, [])
                      WHERE $scope.sources IS NULL OR s IN $scope.sources] AS member_id
  WITH DISTINCT member_id
  MATCH (member:Entity {id: member_id})
  WHERE {{visible_node(member)}}
  RETURN member.id AS member_id ORDER BY member_id
} AS members
