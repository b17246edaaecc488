// Returns what the graph holds on whether records $left and $right are the same entity (one row,
// or none if either is missing or hidden from the caller's $scope): `left` and `right` (node_view
// maps), `link` (the properties of a
// SAME_AS between them in either direction, or null), `left_canonical` and `right_canonical`
// (ids, or null) and `decisions` (the properties of every decision naming both, oldest first).
// params: left, right, scope
MATCH (left:Entity {id: $left})
WHERE {{visible_node(left)}}
MATCH (right:Entity {id: $right})
WHERE {{visible_node(right)}}
OPTIONAL MATCH (left)-[link:SAME_AS]-(right)
OPTIONAL MATCH (left)-[:RESOLVED_TO]->(left_canonical:ResolvedEntity)
OPTIONAL MATCH (right)-[:RESOLVED_TO]->(right_canonical:ResolvedEntity)
WITH left, right, link, left_canonical, right_canonical,
     COLLECT {
       MATCH (decision:ResolutionDecision)
       WHERE left.id IN decision.members AND right.id IN decision.members
       RETURN properties(decision) AS decision ORDER BY decision.decided_at, decision.id
     } AS decisions
RETURN {{node_view(left)}} AS left,
       {{node_view(right)}} AS right,
       properties(link) AS link,
       left_canonical.id AS left_canonical,
       right_canonical.id AS right_canonical,
       decisions
