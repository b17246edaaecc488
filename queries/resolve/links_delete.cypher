// Returns the `deleted` count after removing the SAME_AS hypotheses in $rows ({left, right}) that
// a run of type $kind wrote.
// params: rows, kind
UNWIND $rows AS row
MATCH (:Entity {id: row.left})-[link:SAME_AS]->(:Entity {id: row.right})
WHERE link.kind = $kind
DELETE link
RETURN count(*) AS deleted
