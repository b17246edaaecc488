/**
 * What the chart asks the API, as chart-model answers. Each method is one GraphQL document from
 * src/graphql/. `offers` says which queries the server has (the contract of issue 13 lands in
 * steps), so views enable only what works and say what is missing.
 */
import {
  AccountByHandleDocument,
  AttributionDocument,
  type AttributionQuery,
  CanonicalDocument,
  type CanonicalQuery,
  ConfirmPairDocument,
  EntityDetailsDocument,
  NeighbourhoodDocument,
  PathsDocument,
  RejectPairDocument,
  SearchDocument,
  ServerQueriesDocument,
  SourceCaptionDocument,
  type SourceCaptionQuery,
  SplitMemberDocument,
  UnmergeDocument,
} from "../graphql/generated/operations";
import type { ChartEdge, ChartNode, Subgraph } from "../model";
import type { GraphQLClient } from "./client";
import { type EntityFields, toChartNode, toSubgraph } from "./convert";

export interface SearchHit {
  node: ChartNode;
  score: number;
  matchedBy: string | null;
}

export interface NeighbourhoodOptions {
  depth?: number;
  relTypes?: string[];
  since?: string;
  until?: string;
  asOf?: string;
  minConfidence?: number;
  limitPerNode?: number;
}

/** One hop of an attribution path with the evidence behind it. */
export interface Hop {
  edge: ChartEdge;
  sources: { id: string; caption: string; url: string | null; publisher: string | null; reliability: string | null }[];
}

/** One ranked answer to "who is behind this account?". */
export interface AttributionPath {
  rank: number;
  confidence: number;
  account: ChartNode;
  operation: ChartNode;
  actor: ChartNode | null;
  hops: Hop[];
}

export type Canonical = NonNullable<CanonicalQuery["canonical"]>;
export type SourceInfo = NonNullable<SourceCaptionQuery["entity"]>;

export class GraphApi {
  private offered: Promise<Set<string>> | null = null;
  private sourceCache = new Map<string, Promise<SourceInfo | null>>();

  constructor(private readonly client: GraphQLClient) {}

  /** Names of the queries the server offers (introspection; all assumed if it is refused). */
  offers(): Promise<Set<string>> {
    this.offered ??= this.client
      .request(ServerQueriesDocument, {})
      .then((data) => new Set((data.__type?.fields ?? []).map((f) => f.name)))
      .catch(() => new Set(["search", "neighbourhood", "paths", "attribution", "entity", "canonical"]));
    return this.offered;
  }

  async search(text: string, first = 10): Promise<SearchHit[]> {
    if ((await this.offers()).has("search")) {
      const data = await this.client.request(SearchDocument, { text, first });
      return data.search.edges.map((e) => ({
        node: toChartNode(e.node as EntityFields),
        score: e.score,
        matchedBy: e.matchedBy,
      }));
    }
    // Until `search` lands: an exact handle lookup, which the API has today.
    const handle = text.trim().replace(/^@/, "");
    if (!handle) return [];
    const data = await this.client.request(AccountByHandleDocument, { platform: "twitter", handle });
    return data.account ? [{ node: toChartNode(data.account as EntityFields), score: 1, matchedBy: "handle" }] : [];
  }

  async entity(id: string): Promise<ChartNode | null> {
    const data = await this.client.request(EntityDetailsDocument, { id });
    return data.entity ? toChartNode(data.entity as EntityFields) : null;
  }

  async neighbourhood(ids: string[], options: NeighbourhoodOptions = {}): Promise<Subgraph & { truncated: boolean }> {
    const data = await this.client.request(NeighbourhoodDocument, { ids, ...options });
    const answer = data.neighbourhood;
    return { ...toSubgraph({ ...answer, nodes: answer.nodes as EntityFields[] }), truncated: answer.truncated };
  }

  async paths(from: string, to: string, k = 3, maxHops = 4): Promise<Subgraph[]> {
    const data = await this.client.request(PathsDocument, { from, to, k, maxHops });
    return data.paths.map((p) => toSubgraph({ nodes: p.nodes as EntityFields[], edges: p.edges, capped: [] }));
  }

  async attribution(accountId: string): Promise<AttributionPath[]> {
    const data = await this.client.request(AttributionDocument, { accountId });
    return data.attribution.map((path, i) => attributionPath(path, i + 1));
  }

  async canonical(id: string): Promise<Canonical | null> {
    return (await this.client.request(CanonicalDocument, { id })).canonical;
  }

  /** A Source node's caption and link (cached per page). */
  source(id: string): Promise<SourceInfo | null> {
    let cached = this.sourceCache.get(id);
    if (!cached) {
      cached = this.client.request(SourceCaptionDocument, { id }).then((d) => d.entity);
      this.sourceCache.set(id, cached);
    }
    return cached;
  }

  confirmPair(leftId: string, rightId: string, reason: string) {
    return this.client.request(ConfirmPairDocument, { leftId, rightId, reason });
  }
  rejectPair(leftId: string, rightId: string, reason: string) {
    return this.client.request(RejectPairDocument, { leftId, rightId, reason });
  }
  splitMember(memberId: string, reason: string) {
    return this.client.request(SplitMemberDocument, { memberId, reason });
  }
  unmerge(id: string, reason: string) {
    return this.client.request(UnmergeDocument, { id, reason });
  }
}

type ApiPath = AttributionQuery["attribution"][number];
type ApiHop = NonNullable<ApiPath["attributedTo"]>;

function attributionPath(path: ApiPath, rank: number): AttributionPath {
  const account = toChartNode(path.account as EntityFields);
  const operation = toChartNode(path.operation as EntityFields);
  const actor = path.actor ? toChartNode(path.actor as EntityFields) : null;
  const hops = [hop("PART_OF", account.id, operation.id, path.partOf)];
  if (actor && path.attributedTo) hops.push(hop("ATTRIBUTED_TO", operation.id, actor.id, path.attributedTo));
  return { rank, confidence: path.confidence, account, operation, actor, hops };
}

function hop(type: string, source: string, target: string, evidence: ApiHop): Hop {
  return {
    edge: {
      id: `${source}>${type}>${target}`,
      type,
      source,
      target,
      confidence: evidence.confidence,
      firstSeen: evidence.firstSeen,
      lastSeen: evidence.lastSeen,
      sources: evidence.sources.map((s) => s.id),
      origins: [],
      inferred: false,
    },
    sources: evidence.sources.map((s) => ({
      id: s.id,
      caption: s.caption,
      url: s.url,
      publisher: s.publisher,
      reliability: s.reliability,
    })),
  };
}
