// Returns the `id`, `name` and `aliases` of each canonical entity in $ids after setting them from
// its members: the name is the members' most common name (ties: the longest, then the first in
// order); the aliases are every other name, alias, handle and display name, sorted.
// params: ids
UNWIND $ids AS id
MATCH (canonical:ResolvedEntity {id: id})
CALL (canonical) {
  MATCH (member:Entity)-[:RESOLVED_TO]->(canonical)
  WITH coalesce(member.name, member.display_name, member.handle) AS name
  WHERE name IS NOT NULL
  RETURN name, count(*) AS uses
  ORDER BY uses DESC, size(name) DESC, name
  LIMIT 1
}
CALL (canonical, name) {
  MATCH (member:Entity)-[:RESOLVED_TO]->(canonical)
  UNWIND [member.name, member.display_name, member.handle] + coalesce(member.aliases, []) AS alias
  WITH DISTINCT alias
  WHERE alias IS NOT NULL AND alias <> name
  RETURN collect(alias) AS aliases
}
WITH canonical, name, aliases
CALL (aliases) {
  UNWIND aliases AS alias
  WITH alias ORDER BY alias
  RETURN collect(alias) AS sorted
}
SET canonical.name = name, canonical.aliases = sorted
RETURN canonical.id AS id, canonical.name AS name, canonical.aliases AS aliases
