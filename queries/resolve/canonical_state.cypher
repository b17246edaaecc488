// Returns each canonical entity in $ids with all that is needed to restore it exactly: `id`,
// `props` (all its properties) and `members` ({member, props}: every RESOLVED_TO membership with
// all its properties, by member id).
// params: ids
UNWIND $ids AS id
MATCH (canonical:ResolvedEntity {id: id})
RETURN canonical.id AS id,
       properties(canonical) AS props,
       COLLECT {
         MATCH (member:Entity)-[membership:RESOLVED_TO]->(canonical)
         RETURN {member: member.id, props: properties(membership)} AS row ORDER BY member.id
       } AS members
