// Returns the attribution paths of an account the caller may see, one row per path: the
// account is PART_OF an operation itself, or a record resolved to the same canonical entity is
// (`resolution`: the two RESOLVED_TO relationships, `member`: that record), or coordination
// analysis suggests it (SUGGESTED_PART_OF, pending or confirmed by an analyst, never rejected:
// an inference, returned as `part_of` and marked inferred by the platform), and the operation
// is ATTRIBUTED_TO an actor (null when the caller can see no such attribution: actor unknown).
// Every node and relationship on a path is one the caller may see; values are node_view /
// edge_view maps. Ranking and the combined confidence are computed from these by the platform.
// params: account_id, scope
MATCH (account:Account {id: $account_id})
WHERE {{visible_node(account)}}
CALL (account) {
  MATCH (account)-[part_of:PART_OF]->(operation:InfluenceOperation)
  WHERE {{visible_edge(part_of)}} AND {{visible_node(operation)}}
  RETURN [] AS resolution, null AS member, part_of, operation
  UNION
  MATCH (account)-[mine:RESOLVED_TO]->(canonical:ResolvedEntity)<-[theirs:RESOLVED_TO]-(member)
        -[part_of:PART_OF]->(operation:InfluenceOperation)
  WHERE member <> account
    AND {{visible_edge(mine)}} AND {{visible_node(canonical)}} AND {{visible_edge(theirs)}}
    AND {{visible_node(member)}} AND {{visible_edge(part_of)}} AND {{visible_node(operation)}}
  RETURN [mine, theirs] AS resolution, member, part_of, operation
  UNION
  MATCH (account)-[part_of:SUGGESTED_PART_OF]->(operation:InfluenceOperation)
  WHERE coalesce(part_of.status, 'pending') <> 'rejected'
    AND {{visible_edge(part_of)}} AND {{visible_node(operation)}}
  RETURN [] AS resolution, null AS member, part_of, operation
}
OPTIONAL MATCH (operation)-[attributed_to:ATTRIBUTED_TO]->(actor:Entity)
WHERE {{visible_edge(attributed_to)}} AND {{visible_node(actor)}}
RETURN {{node_view(account)}} AS account,
       [edge IN resolution | {{edge_view(edge)}}] AS resolution,
       CASE WHEN member IS NULL THEN null ELSE {{node_view(member)}} END AS member,
       {{edge_view(part_of)}} AS part_of,
       {{node_view(operation)}} AS operation,
       CASE WHEN attributed_to IS NULL THEN null ELSE {{edge_view(attributed_to)}} END
         AS attributed_to,
       CASE WHEN actor IS NULL THEN null ELSE {{node_view(actor)}} END AS actor
