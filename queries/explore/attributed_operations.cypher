// Returns the operations the caller may see that are ATTRIBUTED_TO an actor or country (a node
// with id $actor_id), or to another record resolved to the same canonical entity as it: one row
// per attribution with `operation`, `edge` (the ATTRIBUTED_TO relationship: confidence, seen
// range, the sources that make the attribution and their origins) and `actor` (the record it
// names); node_view / edge_view maps. Best-supported first.
// params: actor_id, scope
MATCH (named:Entity {id: $actor_id})
WHERE {{visible_node(named)}}
CALL (named) {
  RETURN named AS actor
  UNION
  MATCH (named)-[mine:RESOLVED_TO]->(canonical:ResolvedEntity)<-[theirs:RESOLVED_TO]-(actor)
  WHERE actor <> named AND {{visible_edge(mine)}} AND {{visible_node(canonical)}}
    AND {{visible_edge(theirs)}} AND {{visible_node(actor)}}
  RETURN actor
}
MATCH (operation:InfluenceOperation)-[edge:ATTRIBUTED_TO]->(actor)
WHERE {{visible_edge(edge)}} AND {{visible_node(operation)}}
WITH operation, edge, actor
ORDER BY coalesce(edge.confidence, 0.0) DESC, operation.id, actor.id
RETURN {{node_view(operation)}} AS operation, {{edge_view(edge)}} AS edge,
       {{node_view(actor)}} AS actor
