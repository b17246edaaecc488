// Returns up to $limit borderline pairs of type $kind that no analyst has decided on, most likely
// match first, then by ids, after the cursor ($after_confidence, $after_left, $after_right; all
// null for the first page), both records visible to the caller's $scope: `left`, `right` (the
// records as node_view maps), `link` (the SAME_AS properties: the
// probability as confidence, match_weight, feature lists) and `left_canonical`,
// `right_canonical` (ids of their canonical entities, or null).
// params: kind, after_confidence, after_left, after_right, limit, scope
MATCH (left:$($kind))-[link:SAME_AS {status: 'review'}]->(right:Entity)
WHERE link.kind = $kind AND {{visible_node(left)}} AND {{visible_node(right)}}
  AND ($after_confidence IS NULL
       OR link.confidence < $after_confidence
       OR (link.confidence = $after_confidence
           AND (left.id > $after_left OR (left.id = $after_left AND right.id > $after_right))))
  AND NOT EXISTS {
    MATCH (decision:ResolutionDecision {kind: $kind})
    WHERE left.id IN decision.members AND right.id IN decision.members
  }
WITH left, right, link ORDER BY link.confidence DESC, left.id, right.id LIMIT $limit
OPTIONAL MATCH (left)-[:RESOLVED_TO]->(left_canonical:ResolvedEntity)
OPTIONAL MATCH (right)-[:RESOLVED_TO]->(right_canonical:ResolvedEntity)
RETURN {{node_view(left)}} AS left,
       {{node_view(right)}} AS right,
       properties(link) AS link,
       left_canonical.id AS left_canonical,
       right_canonical.id AS right_canonical
ORDER BY link.confidence DESC, left.id, right.id
