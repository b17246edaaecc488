// Returns one.
// params:
RETURN 1
