// Returns the latest coordination run (by started_at) as `run` (all its properties), or nothing.
// params:
MATCH (run:CoordinationRun)
RETURN properties(run) AS run
ORDER BY run.started_at DESC
LIMIT 1
