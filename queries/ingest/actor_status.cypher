// Returns the id and name of each given InfluenceOperation the graph knows no actor for, after
// recording on every given operation whether it has one: actor_status becomes 'attributed' when
// an ATTRIBUTED_TO edge leaves it and 'unknown' when none does (a takedown release the release
// index lacks), so the load can say so (graph_platform/ingest/loader.py).
// params: ids
UNWIND $ids AS id
MATCH (operation:InfluenceOperation {id: id})
WITH operation,
     CASE WHEN EXISTS { (operation)-[:ATTRIBUTED_TO]->() } THEN 'attributed' ELSE 'unknown' END
       AS status
SET operation.actor_status = status
WITH operation, status
WHERE status = 'unknown'
RETURN operation.id AS id, operation.name AS name
ORDER BY id
