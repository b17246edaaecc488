// Returns the `id` of the Source node $id of a kind's resolution runs after recording on it the
// prior its latest run used (as a probability and in bits), how it was estimated (fixed / rules
// / em), the rule pairs behind it, whether it sat at a bound, and when the run was written; each
// run replaces the last.
// params: id, prior, prior_bits, prior_method, prior_rule_pairs, prior_bounded, run_at
MATCH (source:Entity {id: $id})
SET source.resolution_prior = $prior,
    source.resolution_prior_bits = $prior_bits,
    source.resolution_prior_method = $prior_method,
    source.resolution_prior_rule_pairs = $prior_rule_pairs,
    source.resolution_prior_bounded = $prior_bounded,
    source.resolution_run_at = $run_at
RETURN source.id AS id
