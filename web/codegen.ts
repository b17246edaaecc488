// GraphQL types for the client, generated from the committed schema, so an API change that
// breaks a document fails `npm run build`.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../graph_platform/api/schema.graphql",
  documents: ["src/graphql/*.graphql", "src/graphql/generated/*.graphql"],
  generates: {
    "src/graphql/generated/operations.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: "string", Date: "string", JSON: "unknown" },
        avoidOptionals: { field: true, inputValue: false, object: false },
      },
    },
  },
  silent: true,
};
export default config;
