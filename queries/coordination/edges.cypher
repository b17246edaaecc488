// Returns every COORDINATED_WITH edge (up to $limit after the pair ($after_source,
// $after_target), in (source, target) id order): `source`, `target`, `weight`, `source_weight`,
// `target_weight`, `run_id` and the evidence lists `kinds`, `objects`, `source_posts`,
// `target_posts`, `source_times`, `target_times`.
// params: after_source, after_target, limit
MATCH (a:Account)-[edge:COORDINATED_WITH]->(b:Account)
WHERE a.id > $after_source OR (a.id = $after_source AND b.id > $after_target)
RETURN a.id AS source, b.id AS target, edge.weight AS weight,
    edge.source_weight AS source_weight, edge.target_weight AS target_weight,
    edge.run_id AS run_id, edge.evidence_kinds AS kinds, edge.evidence_objects AS objects,
    edge.evidence_source_posts AS source_posts, edge.evidence_target_posts AS target_posts,
    edge.evidence_source_times AS source_times, edge.evidence_target_times AS target_times
ORDER BY source, target
LIMIT $limit
