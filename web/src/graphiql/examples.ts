/** Example queries GraphiQL opens with, one tab each (they run against the sample data). */
export const EXAMPLES: { query: string; variables?: string }[] = [
  {
    query: `# An account by its handle (any case, with or without @).
query Account($handle: String = "inside_syria") {
  account(platform: "twitter", handle: $handle) {
    id
    handle
    displayName
    firstSeen
    lastSeen
    sources
  }
}
`,
  },
  {
    query: `# Who is behind an account? Ranked paths with the evidence of each hop.
# Put the account's id (from the first tab) in Variables.
query Attribution($id: ID!) {
  attribution(accountId: $id) {
    confidence
    operation { name releaseId }
    actor { caption labels }
    partOf { confidence firstSeen lastSeen sources { caption url } }
    attributedTo { confidence sources { caption url } }
  }
}
`,
    variables: `{ "id": "" }`,
  },
  {
    query: `# Any node by id, with its provenance.
query Entity($id: ID!) {
  entity(id: $id) {
    __typename
    caption
    labels
    sources
    origins
    firstSeen
    lastSeen
  }
}
`,
  },
  {
    query: `# Entity resolution: pairs waiting for an analyst.
query Review {
  reviewQueue(kind: "Person", first: 10) {
    items {
      left { caption }
      right { caption }
      link { probability status features { name level weight } }
    }
  }
}
`,
  },
];
