// Returns the number of nodes per label as rows of `label`, `count`, most common first. A node
// counts once for each of its labels (a Person is also counted under LegalEntity and Entity).
// params:
MATCH (node)
UNWIND labels(node) AS label
RETURN label, count(*) AS count
ORDER BY count DESC, label
