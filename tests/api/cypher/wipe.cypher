// Deletes every node and relationship (test databases only); returns nothing.
// params:
MATCH (node)
DETACH DELETE node
