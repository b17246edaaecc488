// Returns nothing; upserts a batch of relationships of any types between existing nodes (matched
// by id; a row whose ends are missing writes nothing). Edge confidence is the highest any source gave;
// sources, seen-range and loaded_at follow the node rules (see graph_platform/store/writer.py).
// params: rows, loaded_at
UNWIND $rows AS row
MATCH (source:Entity {id: row.source})
MATCH (target:Entity {id: row.target})
MERGE (source)-[rel:$(row.type)]->(target)
  ON CREATE SET rel.loaded_at = $loaded_at
SET rel += row.props,
    rel.confidence = CASE WHEN rel.confidence IS NULL OR row.confidence > rel.confidence
        THEN row.confidence ELSE rel.confidence END,
    rel.sources = reduce(acc = coalesce(rel.sources, []), s IN row.sources |
        CASE WHEN s IN acc THEN acc ELSE acc + s END),
    rel.first_seen = CASE WHEN row.first_seen IS NULL
        OR (rel.first_seen IS NOT NULL AND rel.first_seen <= row.first_seen)
        THEN rel.first_seen ELSE row.first_seen END,
    rel.last_seen = CASE WHEN row.last_seen IS NULL
        OR (rel.last_seen IS NOT NULL AND rel.last_seen >= row.last_seen)
        THEN rel.last_seen ELSE row.last_seen END
