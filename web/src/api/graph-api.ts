/** What the chart asks the API, as chart-model answers; each method is one GraphQL document. */
import {
  AttributionDocument,
  type AttributionQuery,
  CanonicalDocument,
  type CanonicalQuery,
  ConfirmPairDocument,
  EntityDetailsDocument,
  MeDocument,
  type MeQuery,
  NeighbourhoodDocument,
  PathsDocument,
  RejectPairDocument,
  SearchDocument,
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
  limit?: number;
}

export interface SourceFields {
  id: string;
  caption: string;
  url: string | null;
  publisher: string | null;
  reliability: string | null;
  /** TLP 2.0 marking of what the source asserts (null: unmarked, counted as the server's default). */
  marking: string | null;
}

/** One hop of an attribution path with the evidence behind it. */
export interface Hop {
  edge: ChartEdge;
  sources: SourceFields[];
}

/** One ranked answer to "who is behind this account?". */
export interface AttributionPath {
  rank: number;
  confidence: number;
  /** How the hops' confidences were combined (the API says, e.g. "product"). */
  combination: string;
  /** KNOWN, or UNKNOWN when no visible source attributes the operation. */
  actorStatus: string;
  inferred: boolean;
  account: ChartNode;
  operation: ChartNode;
  actor: ChartNode | null;
  /** The record resolved with the account, when attribution goes through a canonical entity. */
  via: ChartNode | null;
  hops: Hop[];
}

export interface ClaimFields {
  property: string;
  value: unknown;
  source: SourceFields | null;
}

export type Canonical = NonNullable<CanonicalQuery["canonical"]>;
export type Caller = MeQuery["me"];
export type SourceInfo = NonNullable<SourceCaptionQuery["entity"]> | SourceFields;

export class GraphApi {
  private sourceCache = new Map<string, Promise<SourceInfo | null>>();

  constructor(private readonly client: GraphQLClient) {}

  /** Who the API takes the key's holder to be (name, role, clearance, whether they may decide). */
  async me(): Promise<Caller> {
    return (await this.client.request(MeDocument, {})).me;
  }

  async search(text: string, first = 10): Promise<SearchHit[]> {
    const data = await this.client.request(SearchDocument, { text, first });
    return data.search.edges.map((e) => ({
      node: toChartNode(e.node as EntityFields),
      score: e.score,
      matchedBy: e.matchedBy,
    }));
  }

  async entity(id: string): Promise<ChartNode | null> {
    const data = await this.client.request(EntityDetailsDocument, { id });
    return data.entity ? toChartNode(data.entity as EntityFields) : null;
  }

  /** Where the entity's sources disagree: each source's own value of a property. */
  async claims(id: string): Promise<ClaimFields[]> {
    const data = await this.client.request(EntityDetailsDocument, { id });
    return data.entity?.provenance.claims ?? [];
  }

  async neighbourhood(ids: string[], options: NeighbourhoodOptions = {}): Promise<Subgraph & { truncated: boolean }> {
    const data = await this.client.request(NeighbourhoodDocument, { ids, ...options });
    const answer = data.neighbourhood;
    this.remember(answer.edges.flatMap((e) => e.sources));
    return { ...toSubgraph({ ...answer, nodes: answer.nodes as EntityFields[] }), truncated: answer.truncated };
  }

  async paths(from: string, to: string, k = 3, maxHops = 4): Promise<Subgraph[]> {
    const data = await this.client.request(PathsDocument, { from, to, k, maxHops });
    this.remember(data.paths.flatMap((p) => p.edges.flatMap((e) => e.sources)));
    return data.paths.map((p) => toSubgraph({ nodes: p.nodes as EntityFields[], edges: p.edges, capped: [] }));
  }

  async attribution(accountId: string, first = 20): Promise<AttributionPath[]> {
    const data = await this.client.request(AttributionDocument, { accountId, first });
    const paths = data.attribution.edges.map((edge, i) => attributionPath(edge.node, i + 1));
    this.remember(paths.flatMap((p) => p.hops.flatMap((h) => h.sources)));
    return paths;
  }

  /** Sources that came with an answer need no request of their own later. */
  private remember(sources: readonly SourceFields[]): void {
    for (const s of sources) if (!this.sourceCache.has(s.id)) this.sourceCache.set(s.id, Promise.resolve(s));
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

type ApiPath = AttributionQuery["attribution"]["edges"][number]["node"];
type ApiHop = ApiPath["hops"][number];

function attributionPath(path: ApiPath, rank: number): AttributionPath {
  const node = (entity: unknown): ChartNode | null => (entity ? toChartNode(entity as EntityFields) : null);
  return {
    rank,
    confidence: path.confidence,
    combination: path.combination,
    actorStatus: path.actorStatus,
    inferred: path.inferred,
    account: toChartNode(path.account as EntityFields),
    operation: toChartNode(path.operation as EntityFields),
    actor: node(path.actor),
    via: node(path.via),
    hops: path.hops.map(hop),
  };
}

function hop(evidence: ApiHop): Hop {
  return {
    edge: {
      // Hops name no edge id; the store keys edges by ends and type, so a hop and the same
      // relationship from `neighbourhood` are one edge on the chart.
      id: `${evidence.from}>${evidence.type}>${evidence.to}`,
      type: evidence.type,
      source: evidence.from,
      target: evidence.to,
      confidence: evidence.confidence,
      firstSeen: evidence.firstSeen,
      lastSeen: evidence.lastSeen,
      sources: evidence.sources.map((s) => s.id),
      origins: evidence.origins,
      inferred: evidence.inferred,
    },
    sources: evidence.sources,
  };
}
