// Returns the posts with text created within one of the time ranges $ranges ({start, end}),
// loaded up to $until_loaded_at, on $platform (null: any), in the row shape of
// coordination.posts_after: the near-duplicate candidates of an incremental run's texts, which
// the co-sharing test counts as chances to meet.
// params: ranges, until_loaded_at, platform
UNWIND $ranges AS range
MATCH (post:Post)
WHERE post.created_at >= range.start AND post.created_at <= range.end
  AND post.text IS NOT NULL AND post.loaded_at IS NOT NULL
  AND post.loaded_at <= $until_loaded_at
  AND ($platform IS NULL OR post.platform = $platform)
WITH DISTINCT post
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
