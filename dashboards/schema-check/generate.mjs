// Writes one TypeScript module per dashboard JSON in ../, asserting that the dashboard satisfies
// Grafana's Dashboard type; tsc then reports every field that does not fit the schema.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';

const out = 'generated';
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const dashboards = readdirSync('..').filter((f) => f.endsWith('.json'));
if (dashboards.length === 0) {
  throw new Error('no dashboards in ..');
}
for (const file of dashboards) {
  const json = JSON.parse(readFileSync(`../${file}`, 'utf8'));
  writeFileSync(`${out}/${file.replace(/\.json$/, '')}.ts`,
    `import type { Dashboard } from '@grafana/schema';\n\n`
    // JSON holds an enum's value ("absolute"), TypeScript wants its member (ThresholdsMode.Absolute):
    // compare string enums by their values, everything else as the schema types it.
    + `type AsJson<T> = T extends string ? \`\${T}\` : T extends Array<infer U> ? Array<AsJson<U>>\n`
    + `  : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;\n\n`
    + `export const dashboard = ${JSON.stringify(json, null, 2)} satisfies AsJson<Dashboard>;\n`);
}
console.log(`generated ${dashboards.length} dashboard modules`);
