// Returns the ids of a canonical entity's scope (one row, or none): `canonical` (the
// ResolvedEntity $id, or the one the record $id resolves to) and `members`, sorted: its own id,
// the ids of the visible records resolved to it and of the visible Sources they cite.
// params: id, visible
MATCH (start:Entity {id: $id})
OPTIONAL MATCH (start)-[:RESOLVED_TO]->(parent:ResolvedEntity)
WITH CASE WHEN start:ResolvedEntity THEN start ELSE parent END AS canonical
WHERE canonical IS NOT NULL
  AND ($visible IS NULL OR any(s IN canonical.sources WHERE s IN $visible))
RETURN canonical.id AS canonical, COLLECT {
  MATCH (record:Entity)-[:RESOLVED_TO]->(canonical)
  WHERE $visible IS NULL OR any(s IN record.sources WHERE s IN $visible)
  WITH collect(record) AS records
  UNWIND [canonical] + records AS node
  UNWIND [node.id] + [s IN coalesce(node.sources, []) WHERE $visible IS NULL OR s IN $visible]
    AS member_id
  WITH DISTINCT member_id
  MATCH (member:Entity {id: member_id})
  RETURN member.id AS member_id ORDER BY member_id
} AS members
