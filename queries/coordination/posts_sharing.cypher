// Returns the posts that share one of the objects in $windows ({object: node id, start, end:
// datetimes}; a Domain through a post's Url) with a creation time in [start, end], loaded up to $until_loaded_at, on $platform
// (null: any), in the row shape of coordination.posts_after. A post can come once per window.
// params: windows, until_loaded_at, platform
UNWIND $windows AS window
MATCH (object:Entity {id: window.object})
CALL (object) {
  MATCH (post:Post)-[:LINKS_TO|TAGGED|RESHARED|QUOTED|REPLIED_TO]->(object) RETURN post
  UNION
  MATCH (post:Post)-[:LINKS_TO]->(:Url)-[:ON_DOMAIN]->(object) RETURN post
}
WITH window, post
WHERE post.loaded_at IS NOT NULL AND post.loaded_at <= $until_loaded_at
  AND post.created_at >= window.start AND post.created_at <= window.end
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
