// Returns the nodes of a batch that another source has asserted too (or that already keep
// claims), with what the writer needs to merge per-source values: `id`, `claims` (the `_claims`
// list, or null), `props` (all properties, only when there are no claims yet) and `sources`.
// params: rows
UNWIND $rows AS row
MATCH (node:Entity {id: row.id})
WHERE node._claims IS NOT NULL
   OR any(source IN coalesce(node.sources, []) WHERE NOT source IN row.sources)
RETURN node.id AS id,
       node._claims AS claims,
       CASE WHEN node._claims IS NULL THEN properties(node) END AS props,
       node.sources AS sources
