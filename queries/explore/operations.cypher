// Returns influence operations the caller may see, filtered, in id order after $after, at most
// $limit: `node` (a node_view map), and `total` (all that pass the filters, when $with_total).
// Filters (each off when null): attributed to a node with id $attributed_to; targeting
// $targets; active on platform $platform (its accounts' platform, or an ACTIVE_ON platform of
// that name); active between $since and $until (its seen-range overlaps them).
// params: attributed_to, targets, platform, since, until, after, limit, with_total, scope
MATCH (operation:InfluenceOperation)
WHERE {{visible_node(operation)}}
  AND ($attributed_to IS NULL OR EXISTS {
        MATCH (operation)-[edge:ATTRIBUTED_TO]->(actor:Entity {id: $attributed_to})
        WHERE {{visible_edge(edge)}} })
  AND ($targets IS NULL OR EXISTS {
        MATCH (operation)-[edge:TARGETS]->(target:Entity {id: $targets})
        WHERE {{visible_edge(edge)}} })
  AND ($platform IS NULL OR EXISTS {
        MATCH (operation)<-[:PART_OF]-(account:Account {platform: toLower($platform)})
        WHERE {{visible_node(account)}} }
      OR EXISTS {
        MATCH (operation)-[:ACTIVE_ON]->(platform:Platform)
        WHERE toLower(platform.name) = toLower($platform) })
  AND ($since IS NULL OR coalesce(operation.last_seen, operation.first_seen) >= $since)
  AND ($until IS NULL OR coalesce(operation.first_seen, operation.last_seen) <= $until)
WITH operation ORDER BY operation.id
WITH collect(operation) AS passing
// One row until the page is cut (accounts.cypher says why)
UNWIND [operation IN passing WHERE $after IS NULL OR operation.id > $after][0..$limit] AS operation
RETURN {{node_view(operation)}} AS node, CASE WHEN $with_total THEN size(passing) END AS total
