// Returns `status` after recording an analyst's review of the suggestion that the account
// $account_id is part of the operation $operation_id: $status (confirmed or rejected), by
// $analyst at $reviewed_at because $reason. Nothing is returned if there is no such suggestion.
// params: account_id, operation_id, status, analyst, reviewed_at, reason
MATCH (:Account {id: $account_id})-[suggestion:SUGGESTED_PART_OF]->(:InfluenceOperation {id: $operation_id})
SET suggestion.status = $status, suggestion.reviewed_by = $analyst,
    suggestion.reviewed_at = $reviewed_at, suggestion.review_reason = $reason
RETURN suggestion.status AS status
