// Returns the canonical entity $id, or the one the record $id resolves to (one row, or none),
// as far as the caller's $scope sees it: `canonical` (a node_view map), `members` ({node,
// membership}: each visible member record as a node_view map and its RESOLVED_TO properties,
// by id), `links` ({left, right, props}: the SAME_AS hypotheses between members) and
// `confirmed` ({members}: analysts' confirm decisions between members).
// params: id, scope
MATCH (start:Entity {id: $id})
WHERE {{visible_node(start)}}
OPTIONAL MATCH (start)-[:RESOLVED_TO]->(parent:ResolvedEntity)
WITH CASE WHEN start:ResolvedEntity THEN start ELSE parent END AS canonical
WHERE canonical IS NOT NULL AND {{visible_node(canonical)}}
WITH canonical,
     COLLECT {
       MATCH (member:Entity)-[membership:RESOLVED_TO]->(canonical)
       WHERE {{visible_node(member)}}
       RETURN {node: {{node_view(member)}}, membership: properties(membership)} AS row
       ORDER BY member.id
     } AS members
WITH canonical, members, [row IN members | row.node.id] AS ids
WITH canonical, members, ids,
     COLLECT {
       UNWIND members AS member
       WITH member.node.id AS left_id
       MATCH (left:Entity {id: left_id})-[link:SAME_AS]->(right:Entity)
       WHERE right.id IN ids
       RETURN {left: left.id, right: right.id, props: properties(link)} AS row
       ORDER BY left.id, right.id
     } AS links,
     COLLECT {
       MATCH (decision:ResolutionDecision {kind: canonical.kind, verdict: 'confirm'})
       WHERE all(member IN decision.members WHERE member IN ids)
       RETURN {members: decision.members, id: decision.id} AS row ORDER BY decision.decided_at
     } AS confirmed
RETURN {{node_view(canonical)}} AS canonical, members, links, confirmed
