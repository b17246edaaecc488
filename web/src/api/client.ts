/**
 * The GraphQL client: POSTs typed documents to /graphql with the user's key as
 * `Authorization: Bearer …`. The key lives in sessionStorage (entered once per browser session),
 * never in the URL, the shared links or the exports.
 */
import type { TypedDocumentString } from "../graphql/generated/operations";

const KEY_ITEM = "graph_platform.apiKey";

/** A GraphQL error with its `extensions.code` (BAD_USER_INPUT, FORBIDDEN, UNAUTHENTICATED …). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface KeyStore {
  get(): string | null;
  set(key: string | null): void;
}

/** The key in this tab's sessionStorage. */
export const sessionKeyStore: KeyStore = {
  get: () => sessionStorage.getItem(KEY_ITEM),
  set: (key) => (key ? sessionStorage.setItem(KEY_ITEM, key) : sessionStorage.removeItem(KEY_ITEM)),
};

interface GraphQLReply<R> {
  data?: R | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export class GraphQLClient {
  constructor(
    private readonly keys: KeyStore,
    private readonly endpoint = "/graphql",
  ) {}

  async request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
    const key = this.keys.get();
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    let reply: GraphQLReply<R>;
    try {
      reply = (await response.json()) as GraphQLReply<R>;
    } catch {
      throw new ApiError(`${this.endpoint} answered HTTP ${response.status} without JSON`, httpCode(response.status));
    }
    const first = reply.errors?.[0];
    if (first) throw new ApiError(first.message, first.extensions?.code ?? httpCode(response.status), first.path);
    if (!reply.data) throw new ApiError(`${this.endpoint} answered without data`, httpCode(response.status));
    return reply.data;
  }
}

function httpCode(status: number): string {
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "FORBIDDEN";
  if (status === 429) return "RATE_LIMITED";
  return status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
}
