// Returns the `id` of the Source node $id after creating it if missing, with $title and
// $publisher: the Source of a kind's resolution runs, or of one analyst's decisions.
// params: id, title, publisher, loaded_at
MERGE (source:Entity {id: $id})
ON CREATE SET source:Source,
              source.title = $title,
              source.publisher = $publisher,
              source.sources = [$id],
              source.loaded_at = $loaded_at
RETURN source.id AS id
