// Returns one row with `ok` = 1 when the database answers queries (used by /healthz).
// params:
RETURN 1 AS ok
