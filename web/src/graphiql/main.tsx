/**
 * GraphiQL, bundled (no CDN), with the same key as the chart (sessionStorage) as its
 * Authorization header and example queries in tabs.
 */
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";
import { sessionKeyStore } from "../api/client";
import { EXAMPLES } from "./examples";

const key = sessionKeyStore.get();
const fetcher = createGraphiQLFetcher({
  url: `${window.location.origin}/graphql`,
  headers: key ? { Authorization: `Bearer ${key}` } : {},
});
const root = document.getElementById("graphiql");
if (root) createRoot(root).render(<GraphiQL fetcher={fetcher} defaultTabs={EXAMPLES} />);
