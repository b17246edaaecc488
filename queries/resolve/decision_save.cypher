// Returns the `id` of the analyst's decision recorded with the properties $props (a new node;
// decisions are a log and are never changed).
// params: props
CREATE (decision:Entity:ResolutionDecision)
SET decision = $props
RETURN decision.id AS id
