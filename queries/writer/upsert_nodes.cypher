// Returns the contested nodes of a batch it upserts (nodes of any types): nodes another source
// asserts too (or that already keep claims), whose properties this statement leaves alone so
// that the writer can choose values per source (`writer.apply_claims`). Returned per contested
// node: `id`, `claims` (the `_claims` list or null), `props` (all stored properties, only when
// there are no claims yet) and `sources` (the Source ids before this write).
// Merge rules (graph_platform/store/writer.py): sources union, origins name where each source
// first stated the node, seen-range widens, loaded_at set once, nulls never erase a value.
// Temporal values arrive as ISO text (`row.times`, `row.dates`, seen-range): see writer.py.
// params: rows, loaded_at
UNWIND $rows AS row
MERGE (node:Entity {id: row.id})
  ON CREATE SET node.loaded_at = $loaded_at
WITH node, row, node.sources AS before,
     row.multi
       OR node._claims IS NOT NULL
       OR any(source IN coalesce(node.sources, []) WHERE NOT source IN row.sources) AS contested
SET node:$(row.labels)
SET node += CASE WHEN contested THEN {} ELSE row.props END
FOREACH (k IN CASE WHEN contested THEN [] ELSE keys(row.times) END |
  SET node[k] = datetime(row.times[k]))
FOREACH (k IN CASE WHEN contested THEN [] ELSE keys(row.dates) END |
  SET node[k] = date(row.dates[k]))
SET node.origins = coalesce(node.origins, []) + [i IN range(0, size(row.sources) - 1)
        WHERE NOT row.sources[i] IN coalesce(before, []) AND row.origins[i] IS NOT NULL
        | row.origins[i]]
SET node.sources = reduce(acc = coalesce(before, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    node.first_seen = CASE WHEN row.first_seen IS NULL
        OR (node.first_seen IS NOT NULL AND node.first_seen <= datetime(row.first_seen))
        THEN node.first_seen ELSE datetime(row.first_seen) END,
    node.last_seen = CASE WHEN row.last_seen IS NULL
        OR (node.last_seen IS NOT NULL AND node.last_seen >= datetime(row.last_seen))
        THEN node.last_seen ELSE datetime(row.last_seen) END
WITH node, row, before, contested
WHERE contested AND size(keys(row.props)) + size(keys(row.times)) + size(keys(row.dates)) > 0
RETURN node.id AS id,
       node._claims AS claims,
       CASE WHEN node._claims IS NULL THEN properties(node) END AS props,
       before AS sources
