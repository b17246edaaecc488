// Returns nothing: upserts a batch's relationships of one type between nodes that exist.
// A template: its one slot, `rel_type`, is filled by the query registry with a relationship
// type from the validated ontology (one statement per type: a MERGE whose type is a parameter
// cannot use the per-type degree of its end nodes and was 2-3 times slower around hubs).
// Merge rules, as for nodes (upsert_nodes.cypher): sources union, origins name where each
// source first stated the edge, seen-range widens, loaded_at set once, nulls never erase a
// value; `confidence` is the highest any source gave. Temporal values arrive as ISO text
// (`row.temporal`: [key, text, 'datetime'|'date'], and the seen-range), rebuilt here.
// `replan=skip`: see upsert_nodes.cypher.
// slots: rel_type
// params: rows, loaded_at
CYPHER replan=skip
UNWIND $rows AS row
MATCH (s:Entity {id: row.source}) MATCH (t:Entity {id: row.target})
MERGE (s)-[r:`{{rel_type}}`]->(t)
ON CREATE SET r.loaded_at = $loaded_at
SET r.origins = coalesce(r.origins, []) + [i IN range(0, size(row.sources) - 1)
        WHERE NOT row.sources[i] IN coalesce(r.sources, [])
          AND row.origins[i] IS NOT NULL | row.origins[i]]
SET r += row.props, r.confidence = CASE WHEN r.confidence IS NULL
    OR row.confidence > r.confidence THEN row.confidence ELSE r.confidence END
FOREACH (value IN row.temporal |
  SET r[value[0]] = CASE value[2] WHEN 'date' THEN date(value[1]) ELSE datetime(value[1]) END)
SET r.sources = reduce(acc = coalesce(r.sources, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    r.first_seen = CASE WHEN row.first_seen IS NULL
        OR (r.first_seen IS NOT NULL AND r.first_seen <= datetime(row.first_seen))
        THEN r.first_seen ELSE datetime(row.first_seen) END,
    r.last_seen = CASE WHEN row.last_seen IS NULL
        OR (r.last_seen IS NOT NULL AND r.last_seen >= datetime(row.last_seen))
        THEN r.last_seen ELSE datetime(row.last_seen) END
