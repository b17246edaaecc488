// Deletes every Entity node and its relationships, keeping the platform's own records (API
// keys); returns nothing.
// params:
MATCH (node:Entity)
DETACH DELETE node
