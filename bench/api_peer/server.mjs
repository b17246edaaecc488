// @neo4j/graphql serving the platform's Account, Post, InfluenceOperation, Hashtag and Platform
// labels over Apollo Server on 127.0.0.1, for bench/api.py.
// Usage: node server.mjs PORT BOLT_URI USER PASSWORD [DATABASE]
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

const [port, uri, user, password, database = 'neo4j'] = process.argv.slice(2);

const typeDefs = /* GraphQL */ `
  type Evidence @relationshipProperties {
    confidence: Float
    sources: [String!]
    first_seen: DateTime
    last_seen: DateTime
  }
  type Account @node(labels: ["Account", "Entity"]) {
    id: ID!
    handle: String
    display_name: String
    platform: String
    followers: Int
    posts: [Post!]! @relationship(type: "POSTED", direction: OUT, properties: "Evidence")
    part_of: [InfluenceOperation!]! @relationship(type: "PART_OF", direction: OUT, properties: "Evidence")
    on_platform: [Platform!]! @relationship(type: "ON_PLATFORM", direction: OUT, properties: "Evidence")
  }
  type Post @node(labels: ["Post", "Entity"]) {
    id: ID!
    text: String
    created_at: DateTime
    posted_by: [Account!]! @relationship(type: "POSTED", direction: IN, properties: "Evidence")
    hashtags: [Hashtag!]! @relationship(type: "TAGGED", direction: OUT, properties: "Evidence")
  }
  type InfluenceOperation @node(labels: ["InfluenceOperation", "Entity"]) {
    id: ID!
    name: String
    release_id: String
    accounts: [Account!]! @relationship(type: "PART_OF", direction: IN, properties: "Evidence")
  }
  type Hashtag @node(labels: ["Hashtag", "Entity"]) {
    id: ID!
    name: String
    tagged_posts: [Post!]! @relationship(type: "TAGGED", direction: IN, properties: "Evidence")
  }
  type Platform @node(labels: ["Platform", "Entity"]) {
    id: ID!
    name: String
  }
`;

const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: '127.0.0.1' },
  context: async () => ({ sessionConfig: { database } }),
});
console.log(`peer ready at ${url}`);
