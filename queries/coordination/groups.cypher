// Returns the groups of the run $run_id (null: the latest run), largest first, only coordinated
// ones when $coordinated_only, at most $limit: `group` (the CoordinationGroup node).
// Only groups the caller's $scope may see.
// params: run_id, coordinated_only, limit, scope
OPTIONAL MATCH (latest:CoordinationRun)
WITH latest ORDER BY latest.started_at DESC LIMIT 1
WITH coalesce($run_id, latest.run_id) AS run_id
MATCH (group:CoordinationGroup {run_id: run_id})
WHERE (NOT $coordinated_only OR group.coordinated) AND {{visible_node(group)}}
RETURN group
ORDER BY group.size DESC, group.id
LIMIT $limit
