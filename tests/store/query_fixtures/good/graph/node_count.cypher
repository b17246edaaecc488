// Returns the number of nodes as `count`.
// params:
MATCH (node) RETURN count(node) AS count
