// Returns the checkpoint of the enrichment run whose Source has id $source_id: `loaded_at` and
// `id` of the last post it processed (nulls when it has processed none). No row: no such Source.
// params: source_id
MATCH (source:Entity {id: $source_id})
WHERE source:Source
RETURN source.checkpoint_loaded_at AS loaded_at, source.checkpoint_id AS id
