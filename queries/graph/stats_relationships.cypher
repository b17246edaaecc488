// Returns the number of relationships per type as rows of `type`, `count`, most common first.
// Read from Neo4j's count store, so it answers at once on any graph size.
// params:
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
UNWIND data.relationships AS entry
WITH entry
WHERE entry.relationshipType IS NOT NULL AND entry.startLabel IS NULL
  AND entry.endLabel IS NULL AND entry.count > 0
RETURN entry.relationshipType AS type, entry.count AS count
ORDER BY count DESC, type
