// Returns the number of relationships per type as rows of `type`, `count`, most common first.
// params:
MATCH ()-[relationship]->()
RETURN type(relationship) AS type, count(*) AS count
ORDER BY count DESC, type
