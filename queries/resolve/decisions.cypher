// Returns the analysts' decisions on records of type $kind, oldest first: `id`, `action`,
// `verdict`, `members`, `parts` (parallel lists) and `decided_at`.
// params: kind
MATCH (decision:ResolutionDecision {kind: $kind})
RETURN decision.id AS id,
       decision.action AS action,
       decision.verdict AS verdict,
       decision.members AS members,
       decision.parts AS parts,
       decision.decided_at AS decided_at
ORDER BY decision.decided_at, decision.id
