// Returns the `id` of the enrichment run's Source ($source_id) after storing its checkpoint: the
// last processed post's `loaded_at` and `id` (nulls clear it, so the next run starts over).
// params: source_id, loaded_at, post_id
MATCH (source:Entity {id: $source_id})
WHERE source:Source
SET source.checkpoint_loaded_at = $loaded_at, source.checkpoint_id = $post_id
RETURN source.id AS id
