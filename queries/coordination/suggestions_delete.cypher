// Returns `deleted`: the pending SUGGESTED_PART_OF edges among $pairs ({account, operation})
// removed (a later run no longer supports them; reviewed ones are never removed).
// params: pairs
UNWIND $pairs AS pair
MATCH (:Account {id: pair.account})-[suggestion:SUGGESTED_PART_OF]->(:InfluenceOperation {id: pair.operation})
WHERE suggestion.status = 'pending'
DELETE suggestion
RETURN count(*) AS deleted
