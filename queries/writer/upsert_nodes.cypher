// Returns the contested nodes of a batch it upserts (nodes of any types): nodes another source
// asserts too (or that already keep claims), whose properties this statement leaves alone so
// that the writer can choose values per source (`writer.apply_claims`). Returned per contested
// node: `id`, `claims` (the `_claims` list or null), `props` (all stored properties, only when
// there are no claims yet) and `sources` (the Source ids before this write).
// Merge rules (the same in upsert_edges.cypher; graph_platform/store/writer.py): sources
// union, origins name where each source first stated the node, seen-range widens, loaded_at set
// once, nulls never erase a value.
// Temporal values arrive as ISO text (`row.temporal`: [key, text, 'datetime'|'date'], and the
// seen-range), rebuilt here: see writer.py. One SET clause keeps the plan's Eager steps few.
// `replan=skip`: planning this statement takes ~0.4 s, and during a load the statistics change
// fast enough to trigger a replan every 10 s; its plan (a unique-index MERGE) never depends on
// them (see writer.py).
// params: rows, loaded_at
CYPHER replan=skip
UNWIND $rows AS row
MERGE (node:Entity {id: row.id})
  ON CREATE SET node.loaded_at = $loaded_at
WITH node, row, node.sources AS before, node.first_seen AS first, node.last_seen AS last,
     row.multi
       OR node._claims IS NOT NULL
       OR any(source IN coalesce(node.sources, []) WHERE NOT source IN row.sources) AS contested
SET node:$(row.labels),
    node += CASE WHEN contested THEN {} ELSE row.props END,
    node.origins = coalesce(node.origins, []) + [i IN range(0, size(row.sources) - 1)
        WHERE NOT row.sources[i] IN coalesce(before, []) AND row.origins[i] IS NOT NULL
        | row.origins[i]],
    node.sources = reduce(acc = coalesce(before, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    node.first_seen = CASE WHEN row.first_seen IS NULL
        OR (first IS NOT NULL AND first <= datetime(row.first_seen))
        THEN first ELSE datetime(row.first_seen) END,
    node.last_seen = CASE WHEN row.last_seen IS NULL
        OR (last IS NOT NULL AND last >= datetime(row.last_seen))
        THEN last ELSE datetime(row.last_seen) END
FOREACH (t IN CASE WHEN contested THEN [] ELSE row.temporal END |
  SET node[t[0]] = CASE t[2] WHEN 'date' THEN date(t[1]) ELSE datetime(t[1]) END)
WITH node, row, before, contested
WHERE contested AND (size(keys(row.props)) > 0 OR size(row.temporal) > 0)
RETURN node.id AS id,
       node._claims AS claims,
       CASE WHEN node._claims IS NULL THEN properties(node) END AS props,
       before AS sources
