// Returns the `deleted` count after removing the RESOLVED_TO memberships in $rows
// ({member, canonical}).
// params: rows
UNWIND $rows AS row
MATCH (:Entity {id: row.member})-[membership:RESOLVED_TO]->(:ResolvedEntity {id: row.canonical})
DELETE membership
RETURN count(*) AS deleted
