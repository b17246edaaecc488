// Creates the small attribution graph the API tests query (the loader's contract: Entity plus
// type labels, `sources` on nodes and edges, a confidence on every edge); returns nothing.
// Account acc-1 is part of two operations; op-ira is attributed to an organisation (0.8) and to
// a country (0.6); op-other is unattributed. acc-2 is in no operation.
// params: loaded_at
CREATE (twitter_io:Entity:Source {
  id: 'src-twitter-io', title: 'Twitter information operations release ira_201810',
  url: 'https://transparency.example/ira_201810', publisher: 'Twitter',
  published_at: datetime('2018-10-17T00:00:00Z'), reliability: 'B', sources: ['src-twitter-io'],
  loaded_at: $loaded_at})
CREATE (report:Entity:Source {
  id: 'src-lab-report', title: 'Inside the troll factory', url: 'https://lab.example/report',
  publisher: 'Lab', published_at: datetime('2019-03-01T12:00:00Z'), sources: ['src-lab-report'],
  loaded_at: $loaded_at})
CREATE (news:Entity:Source {
  id: 'src-news', title: 'Officials point at Moscow', publisher: 'Daily News', sources: ['src-news'],
  loaded_at: $loaded_at})
CREATE (twitter:Entity:Platform {id: 'platform-twitter', name: 'twitter',
  sources: ['src-twitter-io'], loaded_at: $loaded_at})
CREATE (account:Entity:Account {
  id: 'acc-1', platform: 'twitter', platform_id: '1234', handle: 'IRA_Troll',
  handle_key: 'ira_troll', display_name: 'Jenna', description: 'just a girl',
  created_at: datetime('2014-06-01T08:30:00Z'), followers: 1200, following: 310,
  language: 'en', id_hashed: false, sources: ['src-twitter-io'],
  first_seen: datetime('2015-01-01T00:00:00Z'), last_seen: datetime('2017-11-30T00:00:00Z'),
  loaded_at: $loaded_at})
CREATE (bystander:Entity:Account {
  id: 'acc-2', platform: 'twitter', platform_id: '5678', handle: 'Bystander',
  handle_key: 'bystander', followers: 3, following: 4, sources: ['src-twitter-io'],
  loaded_at: $loaded_at})
CREATE (ira:Entity:InfluenceOperation {
  id: 'op-ira', name: 'IRA', release_id: 'ira_201810', attributed_country: 'Russia',
  sources: ['src-twitter-io'], loaded_at: $loaded_at})
CREATE (other:Entity:InfluenceOperation {
  id: 'op-other', name: 'Unattributed network', sources: ['src-lab-report'],
  loaded_at: $loaded_at})
CREATE (agency:Entity:LegalEntity:Organisation {
  id: 'org-ira', name: 'Internet Research Agency', aliases: ['IRA', 'Glavset'],
  country: ['ru'], sources: ['src-lab-report'], loaded_at: $loaded_at})
CREATE (russia:Entity:Location {
  id: 'loc-ru', name: 'Russia', country_code: 'RU', sources: ['src-news'],
  loaded_at: $loaded_at})
CREATE (account)-[:ON_PLATFORM {sources: ['src-twitter-io'], confidence: 1.0,
  loaded_at: $loaded_at}]->(twitter)
CREATE (bystander)-[:ON_PLATFORM {sources: ['src-twitter-io'], confidence: 1.0,
  loaded_at: $loaded_at}]->(twitter)
CREATE (account)-[:PART_OF {sources: ['src-twitter-io'], confidence: 0.9,
  first_seen: datetime('2015-01-01T00:00:00Z'), last_seen: datetime('2017-11-30T00:00:00Z'),
  loaded_at: $loaded_at}]->(ira)
CREATE (account)-[:PART_OF {sources: ['src-lab-report'], confidence: 0.5,
  loaded_at: $loaded_at}]->(other)
CREATE (ira)-[:ATTRIBUTED_TO {sources: ['src-twitter-io', 'src-lab-report', 'src-missing'],
  confidence: 0.8, first_seen: datetime('2018-10-17T00:00:00Z'), loaded_at: $loaded_at}]->(agency)
CREATE (ira)-[:ATTRIBUTED_TO {sources: ['src-news'], confidence: 0.6,
  loaded_at: $loaded_at}]->(russia)
