// Creates a small graph whose sources carry TLP markings, for the access-control tests; returns
// nothing. Sources: src-clear (CLEAR, grade C), src-green (GREEN), src-amber (AMBER, grade A),
// src-red (RED), src-unmarked (none). acc-mixed is asserted by src-clear and src-amber, which
// disagree about its display name (kept as claims; the more reliable src-amber's is shown).
// person-jane (a Person: not shareable) OPERATES acc-public (OPERATES: not shareable).
// params: loaded_at
CREATE (clear:Entity:Source {id: 'src-clear', title: 'Public release', marking: 'CLEAR',
  reliability: 'C', file: 'public.csv', sources: ['src-clear'], loaded_at: $loaded_at})
CREATE (green:Entity:Source {id: 'src-green', title: 'Community report', marking: 'GREEN',
  sources: ['src-green'], loaded_at: $loaded_at})
CREATE (amber:Entity:Source {id: 'src-amber', title: 'Partner intelligence', marking: 'AMBER',
  reliability: 'A', sources: ['src-amber'], loaded_at: $loaded_at})
CREATE (red:Entity:Source {id: 'src-red', title: 'Sensitive source', marking: 'RED',
  sources: ['src-red'], loaded_at: $loaded_at})
CREATE (unmarked:Entity:Source {id: 'src-unmarked', title: 'Old note',
  sources: ['src-unmarked'], loaded_at: $loaded_at})
CREATE (twitter:Entity:Platform {id: 'platform-twitter', name: 'twitter', sources: ['src-clear'],
  loaded_at: $loaded_at})
CREATE (public:Entity:Account {id: 'acc-public', platform: 'twitter', handle: 'public_handle',
  handle_key: 'public_handle', display_name: 'Public', sources: ['src-clear'],
  loaded_at: $loaded_at})
CREATE (hidden:Entity:Account {id: 'acc-amber', platform: 'twitter', handle: 'amber_handle',
  handle_key: 'amber_handle', display_name: 'Amber only', sources: ['src-amber'],
  loaded_at: $loaded_at})
CREATE (mixed:Entity:Account {id: 'acc-mixed', platform: 'twitter', handle: 'mixed',
  handle_key: 'mixed', display_name: 'Amber Name', sources: ['src-clear', 'src-amber'],
  origins: ['src-clear @ public.csv#3', 'src-amber @ intel.json#7'],
  _claims: ['["src-clear", "display_name", "Clear Name"]', '["src-clear", "handle", "mixed"]',
            '["src-amber", "display_name", "Amber Name"]', '["src-amber", "handle", "mixed"]'],
  loaded_at: $loaded_at})
CREATE (green_op:Entity:InfluenceOperation {id: 'op-green', name: 'Green Op',
  sources: ['src-green'], loaded_at: $loaded_at})
CREATE (red_op:Entity:InfluenceOperation {id: 'op-red', name: 'Red Op', sources: ['src-red'],
  loaded_at: $loaded_at})
CREATE (jane:Entity:LegalEntity:Person {id: 'person-jane', name: 'Jane Doe',
  sources: ['src-clear'], loaded_at: $loaded_at})
CREATE (atlantis:Entity:Location {id: 'loc-atlantis', name: 'Atlantis',
  sources: ['src-unmarked'], loaded_at: $loaded_at})
CREATE (public)-[:PART_OF {sources: ['src-green'], confidence: 0.9, loaded_at: $loaded_at}]
  ->(green_op)
CREATE (public)-[:PART_OF {sources: ['src-red'], confidence: 0.7, loaded_at: $loaded_at}]->(red_op)
CREATE (hidden)-[:PART_OF {sources: ['src-amber'], confidence: 0.8, loaded_at: $loaded_at}]
  ->(green_op)
CREATE (mixed)-[:PART_OF {sources: ['src-clear', 'src-amber'], confidence: 0.95,
  loaded_at: $loaded_at}]->(green_op)
CREATE (green_op)-[:ATTRIBUTED_TO {sources: ['src-unmarked'], confidence: 0.5,
  loaded_at: $loaded_at}]->(atlantis)
CREATE (jane)-[:OPERATES {sources: ['src-clear'], confidence: 1.0, loaded_at: $loaded_at}]
  ->(public)
CREATE (public)-[:ON_PLATFORM {sources: ['src-clear'], confidence: 1.0, loaded_at: $loaded_at}]
  ->(twitter)
CREATE (hidden)-[:ON_PLATFORM {sources: ['src-clear'], confidence: 1.0, loaded_at: $loaded_at}]
  ->(twitter)
CREATE (mixed)-[:ON_PLATFORM {sources: ['src-clear'], confidence: 1.0, loaded_at: $loaded_at}]
  ->(twitter)
