// Builds the link chart (index.html) and GraphiQL (graphiql.html) into the Python package, which
// serves them at / and /graphql; everything they load is in this build (no CDN).
import { resolve } from "node:path";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: {
    outDir: resolve(__dirname, "../graph_platform/web/static"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      input: { chart: resolve(__dirname, "index.html"), graphiql: resolve(__dirname, "graphiql.html") },
      // GraphiQL's dependencies mark modules "use client" (a React server-components hint that
      // means nothing in a browser bundle); anything else still warns.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  worker: { format: "es" },
  logLevel: "warn",
});
