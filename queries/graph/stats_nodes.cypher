// Returns the number of nodes per label as rows of `label`, `count`, most common first. A node
// counts once for each of its labels (a Person is also counted under LegalEntity and Entity).
// Read from Neo4j's count store, so it answers at once on any graph size.
// params:
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
UNWIND data.nodes AS entry
WITH entry
WHERE entry.label IS NOT NULL AND entry.count > 0
RETURN entry.label AS label, entry.count AS count
ORDER BY count DESC, label
