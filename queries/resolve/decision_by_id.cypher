// Returns the decision $id (one row, or none): `id`, `action`, `members`, `parts` and `replaced`
// (the JSON of the canonical entities it replaced).
// params: id
MATCH (decision:ResolutionDecision {id: $id})
RETURN decision.id AS id,
       decision.action AS action,
       decision.members AS members,
       decision.parts AS parts,
       decision.replaced AS replaced
