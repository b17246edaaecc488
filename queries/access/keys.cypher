// Returns every API key (revoked ones too) without its hash: key_id, name, role, clearance,
// created_at, created_by, revoked_at, newest first.
// params:
MATCH (key:GpApiKey)
RETURN key.key_id AS key_id, key.name AS name, key.role AS role, key.clearance AS clearance,
       key.created_at AS created_at, key.created_by AS created_by, key.revoked_at AS revoked_at
ORDER BY key.created_at DESC, key.key_id
