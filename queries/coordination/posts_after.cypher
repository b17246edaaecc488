// Returns up to $limit posts with an author and a creation time, loaded after the checkpoint
// ($after_loaded_at, $after_id; null: from the start) and up to $until_loaded_at (null: no end),
// on $platform (null: any), in (loaded_at, id) order: `id`, `account`, `platform`,
// `platform_id`, `created_at`, `loaded_at`, `text`, `is_reshare` and the ids of the objects the
// post shares: `urls`, `domains`, `hashtags`, `reshares`, `quotes`, `replies`.
// params: after_loaded_at, after_id, until_loaded_at, platform, limit
MATCH (post:Post)
WHERE post.loaded_at IS NOT NULL AND post.created_at IS NOT NULL
  AND ($after_loaded_at IS NULL
    OR post.loaded_at > $after_loaded_at
    OR (post.loaded_at = $after_loaded_at AND post.id > $after_id))
  AND ($until_loaded_at IS NULL OR post.loaded_at <= $until_loaded_at)
  AND ($platform IS NULL OR post.platform = $platform)
WITH post ORDER BY post.loaded_at, post.id LIMIT $limit
MATCH (account:Account)-[:POSTED]->(post)
RETURN post.id AS id, account.id AS account, post.platform AS platform,
    post.platform_id AS platform_id, post.created_at AS created_at,
    post.loaded_at AS loaded_at, post.text AS text, post.is_reshare AS is_reshare,
    COLLECT {MATCH (post)-[:LINKS_TO]->(u:Url) RETURN u.id} AS urls,
    COLLECT {MATCH (post)-[:LINKS_TO]->(:Url)-[:ON_DOMAIN]->(d:Domain) RETURN DISTINCT d.id} AS domains,
    COLLECT {MATCH (post)-[:TAGGED]->(h:Hashtag) RETURN h.id} AS hashtags,
    COLLECT {MATCH (post)-[:RESHARED]->(p:Post) RETURN p.id} AS reshares,
    COLLECT {MATCH (post)-[:QUOTED]->(p:Post) RETURN p.id} AS quotes,
    COLLECT {MATCH (post)-[:REPLIED_TO]->(p:Post) RETURN p.id} AS replies
ORDER BY loaded_at, id
