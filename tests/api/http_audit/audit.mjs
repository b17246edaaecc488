// Runs every graphql-http server audit against a GraphQL endpoint and prints one JSON line:
// {"ok": n, "warnings": [...], "failures": [...]}, each item {name, reason, status}.
// Usage: node audit.mjs URL [AUTHORIZATION]
import { serverAudits } from 'graphql-http';

const [url, authorization] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if (authorization) headers.set('authorization', authorization);
  return fetch(input, { ...init, headers });
};
const report = { ok: 0, warnings: [], failures: [] };
for (const audit of serverAudits({ url, fetchFn })) {
  const result = await audit.fn();
  const item = { name: audit.name, reason: result.reason, status: result.response?.status };
  if (result.status === 'ok') report.ok += 1;
  else if (result.status === 'warn') report.warnings.push(item);
  else report.failures.push(item);
}
console.log(JSON.stringify(report));
