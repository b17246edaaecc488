// Returns the id of the API key it revokes (sets revoked_at once; a second revoke keeps the
// first time). No row for an unknown id.
// params: key_id, revoked_at
MATCH (key:GpApiKey {key_id: $key_id})
SET key.revoked_at = coalesce(key.revoked_at, $revoked_at)
RETURN key.key_id AS key_id
