// Builds the chart benchmark page (bench/ui.py serves it); not part of the app.
import { defineConfig } from "vite";

export default defineConfig({
  root: "bench",
  base: "./",
  build: { outDir: "../../.graph_platform/bench-ui", emptyOutDir: true },
  logLevel: "warn",
});
