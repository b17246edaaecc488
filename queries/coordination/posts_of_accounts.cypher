// Returns every post of the accounts $accounts (ids) loaded up to $until_loaded_at, on $platform
// (null: any), in the row shape of coordination.posts_after: `id`, `account`, `platform`,
// `platform_id`, `created_at`, `loaded_at`, `text`, `is_reshare`, `urls`, `domains`,
// `hashtags`, `reshares`, `quotes`, `replies`.
// params: accounts, until_loaded_at, platform
UNWIND $accounts AS account_id
MATCH (account:Account {id: account_id})-[:POSTED]->(post:Post)
WHERE post.loaded_at IS NOT NULL AND post.created_at IS NOT NULL
  AND post.loaded_at <= $until_loaded_at
  AND ($platform IS NULL OR post.platform = $platform)
RETURN post.id AS id, account.id AS account, post.platform AS platform,
    post.platform_id AS platform_id, post.created_at AS created_at,
    post.loaded_at AS loaded_at, post.text AS text, post.is_reshare AS is_reshare,
    COLLECT {MATCH (post)-[:LINKS_TO]->(u:Url) RETURN u.id} AS urls,
    COLLECT {MATCH (post)-[:LINKS_TO]->(:Url)-[:ON_DOMAIN]->(d:Domain) RETURN DISTINCT d.id} AS domains,
    COLLECT {MATCH (post)-[:TAGGED]->(h:Hashtag) RETURN h.id} AS hashtags,
    COLLECT {MATCH (post)-[:RESHARED]->(p:Post) RETURN p.id} AS reshares,
    COLLECT {MATCH (post)-[:QUOTED]->(p:Post) RETURN p.id} AS quotes,
    COLLECT {MATCH (post)-[:REPLIED_TO]->(p:Post) RETURN p.id} AS replies
