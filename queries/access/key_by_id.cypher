// Returns the API key with this id, hash included (to check a presented secret): key_id,
// name, role, clearance, secret_hash, revoked_at. No row for an unknown id.
// params: key_id
MATCH (key:GpApiKey {key_id: $key_id})
RETURN key.key_id AS key_id, key.name AS name, key.role AS role, key.clearance AS clearance,
       key.secret_hash AS secret_hash, key.revoked_at AS revoked_at
