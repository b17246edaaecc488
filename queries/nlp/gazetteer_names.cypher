// Returns the entities NLP may link posts to, one row per entity: `id`, `type` (Person,
// Organisation, Location or InfluenceOperation) and `names` (its name, then its aliases). Accounts
// are left out on purpose: display names are chosen by whoever runs the account (often to
// impersonate), and @mentions already link posts to accounts.
// params:
MATCH (entity:Entity)
WHERE entity:LegalEntity OR entity:Location OR entity:InfluenceOperation
WITH entity, [label IN labels(entity)
    WHERE label IN ['Person', 'Organisation', 'Location', 'InfluenceOperation']] AS types
WITH entity, coalesce(types[0], 'LegalEntity') AS type,
    [name IN [entity.name] + coalesce(entity.aliases, []) WHERE name IS NOT NULL] AS names
WHERE size(names) > 0
RETURN entity.id AS id, type, names
ORDER BY id
