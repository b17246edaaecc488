// Returns the sorted ids of the visible nodes within $depth (0 to 3) hops of the nodes $ids,
// following visible relationships either way, and of the visible Sources they cite: one row,
// `members` (empty when no id exists). Hidden nodes are never crossed, so they lead nowhere.
// params: ids, depth, visible
MATCH (seed:Entity)
WHERE seed.id IN $ids
  AND ($visible IS NULL OR seed.id IN $visible OR any(s IN seed.sources WHERE s IN $visible))
WITH collect(seed) AS ring0
CALL (ring0) {
  UNWIND CASE WHEN $depth >= 1 THEN ring0 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
    AND ($visible IS NULL OR b.id IN $visible OR any(s IN b.sources WHERE s IN $visible))
  RETURN collect(DISTINCT b) AS ring1
}
CALL (ring1) {
  UNWIND CASE WHEN $depth >= 2 THEN ring1 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
    AND ($visible IS NULL OR b.id IN $visible OR any(s IN b.sources WHERE s IN $visible))
  RETURN collect(DISTINCT b) AS ring2
}
CALL (ring2) {
  UNWIND CASE WHEN $depth >= 3 THEN ring2 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity)
  WHERE ($visible IS NULL OR any(s IN r.sources WHERE s IN $visible))
    AND ($visible IS NULL OR b.id IN $visible OR any(s IN b.sources WHERE s IN $visible))
  RETURN collect(DISTINCT b) AS ring3
}
RETURN COLLECT {
  UNWIND ring0 + ring1 + ring2 + ring3 AS node
  UNWIND [node.id] + [s IN coalesce(node.sources, []) WHERE $visible IS NULL OR s IN $visible]
    AS member_id
  WITH DISTINCT member_id
  MATCH (member:Entity {id: member_id})
  RETURN member.id AS member_id ORDER BY member_id
} AS members
