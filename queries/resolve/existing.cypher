// Returns what the runs and decisions hold now for type $kind, one row per element: `element`
// ('canonical', 'membership' or 'link'), `left` (canonical id, member id, or the link's start)
// and `right` (null, the member's canonical, or the link's end).
// params: kind
MATCH (canonical:ResolvedEntity {kind: $kind})
RETURN 'canonical' AS element, canonical.id AS left, null AS right
UNION ALL
MATCH (canonical:ResolvedEntity {kind: $kind})<-[:RESOLVED_TO]-(member:Entity)
RETURN 'membership' AS element, member.id AS left, canonical.id AS right
UNION ALL
MATCH (left:$($kind))-[link:SAME_AS]->(right:Entity)
WHERE link.kind = $kind
RETURN 'link' AS element, left.id AS left, right.id AS right
