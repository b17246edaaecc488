// Returns up to $limit posts that have text, after the checkpoint ($after_loaded_at, $after_id),
// as rows of `id`, `text`, `created_at` and `loaded_at`, in (loaded_at, id) order. Posts are
// ordered by when they were first loaded, so posts loaded after a run come after its checkpoint
// (ids are hashes: in id order a new post could fall before it). Null checkpoint: from the start.
// Every post the writer created has a loaded_at; one without is not returned.
// params: after_loaded_at, after_id, limit
MATCH (post:Post)
WHERE post.text IS NOT NULL AND post.loaded_at IS NOT NULL
  AND ($after_loaded_at IS NULL
    OR post.loaded_at > $after_loaded_at
    OR (post.loaded_at = $after_loaded_at AND post.id > $after_id))
RETURN post.id AS id, post.text AS text, post.created_at AS created_at,
    post.loaded_at AS loaded_at
ORDER BY loaded_at, id
LIMIT $limit
