// Returns the reliability grade of each given Source node as rows of `id`, `reliability`.
// params: ids
MATCH (source:Source)
WHERE source.id IN $ids
RETURN source.id AS id, source.reliability AS reliability
