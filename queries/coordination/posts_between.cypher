// Returns the posts with text created within one of the time ranges $ranges ({start, end}),
// loaded up to $until_loaded_at, on $platform (null: any): `id` and `account` (candidates of
// near-duplicate texts for an incremental run).
// params: ranges, until_loaded_at, platform
UNWIND $ranges AS range
MATCH (post:Post)
WHERE post.created_at >= range.start AND post.created_at <= range.end
  AND post.text IS NOT NULL AND post.loaded_at IS NOT NULL
  AND post.loaded_at <= $until_loaded_at
  AND ($platform IS NULL OR post.platform = $platform)
MATCH (account:Account)-[:POSTED]->(post)
RETURN DISTINCT post.id AS id, account.id AS account
