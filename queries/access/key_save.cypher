// Returns the id of the API key it stores: one GpApiKey node (not an Entity: no read of the
// graph ever sees it) holding the key's name, role, clearance and the SHA-256 of its secret.
// params: props
CREATE (key:GpApiKey)
SET key = $props
RETURN key.key_id AS key_id
