// Returns `account` and `posts` (how many posts it has, loaded up to $until_loaded_at, on
// $platform, null: any) for each account id in $accounts.
// params: accounts, until_loaded_at, platform
UNWIND $accounts AS account_id
MATCH (account:Account {id: account_id})
RETURN account.id AS account, COUNT {
    MATCH (account)-[:POSTED]->(post:Post)
    WHERE post.loaded_at IS NOT NULL AND post.created_at IS NOT NULL
      AND post.loaded_at <= $until_loaded_at
      AND ($platform IS NULL OR post.platform = $platform)
} AS posts
