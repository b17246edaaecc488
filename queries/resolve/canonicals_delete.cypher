// Returns the `deleted` count after removing the canonical entities $ids and their RESOLVED_TO
// memberships; only ResolvedEntity nodes are touched, never a source record.
// params: ids
UNWIND $ids AS id
MATCH (canonical:ResolvedEntity {id: id})
DETACH DELETE canonical
RETURN count(*) AS deleted
