// Returns the ranked attribution paths of one account: account -PART_OF-> operation
// -ATTRIBUTED_TO-> actor, one row per path; the actor hop is optional (null when the operation
// is not attributed). Per hop: the relationship's confidence, first_seen, last_seen and the
// Source nodes its `sources` name (ordered by id). `confidence` is the product of the hops'
// confidences; a hop without a confidence counts as 0, so no path claims more than its evidence.
// Rows are ordered by that combined confidence, best first, then by operation and actor id.
// params: account_id
MATCH (account:Entity {id: $account_id})
WHERE account:Account
MATCH (account)-[part_of:PART_OF]->(operation:InfluenceOperation)
OPTIONAL MATCH (operation)-[attributed_to:ATTRIBUTED_TO]->(actor:Entity)
WITH account, part_of, operation, attributed_to, actor,
     coalesce(part_of.confidence, 0.0) AS part_of_confidence,
     CASE WHEN attributed_to IS NULL THEN null
          ELSE coalesce(attributed_to.confidence, 0.0) END AS attributed_to_confidence
RETURN account,
       operation,
       part_of_confidence,
       part_of.first_seen AS part_of_first_seen,
       part_of.last_seen AS part_of_last_seen,
       COLLECT {
         MATCH (source:Entity)
         WHERE source.id IN coalesce(part_of.sources, []) AND source:Source
         RETURN source ORDER BY source.id
       } AS part_of_sources,
       actor,
       attributed_to_confidence,
       attributed_to.first_seen AS attributed_to_first_seen,
       attributed_to.last_seen AS attributed_to_last_seen,
       CASE WHEN attributed_to IS NULL THEN null ELSE COLLECT {
         MATCH (source:Entity)
         WHERE source.id IN coalesce(attributed_to.sources, []) AND source:Source
         RETURN source ORDER BY source.id
       } END AS attributed_to_sources,
       part_of_confidence * coalesce(attributed_to_confidence, 1.0) AS confidence
ORDER BY confidence DESC, operation.id, actor.id
