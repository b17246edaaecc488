// Returns every Source's id and TLP `marking` (null when unmarked): what a caller's clearance
// is turned into the list of sources they may see.
// params:
MATCH (source:Source)
RETURN source.id AS id, source.marking AS marking
