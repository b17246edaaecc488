// Returns, as rows of `id`, which of the given node ids are in the graph (one index seek each):
// the loader checks the ends of relationships that point outside their own row before writing
// them (see graph_platform/ingest/loader.py).
// params: ids
UNWIND $ids AS id
MATCH (node:Entity {id: id})
RETURN node.id AS id
