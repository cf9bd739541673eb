/**
 * Regenerates docs/api.md's endpoint tables from the OpenAPI document of a freshly built app:
 *   npm run docs:api
 * src/server/http/api-table.test.ts fails when the committed tables and the routes disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { OpenApiDocument } from '../src/server/http/api-reference.js';
import { renderEndpointTables, replaceEndpointTables } from '../src/server/http/api-table.js';
import { createTestApp } from '../src/server/testing/test-app.js';

const file = new URL('../docs/api.md', import.meta.url);
const app = await createTestApp();
try {
  const tables = renderEndpointTables(app.app.swagger() as unknown as OpenApiDocument);
  const before = readFileSync(file, 'utf8');
  const after = replaceEndpointTables(before, tables);
  if (after === before) console.log('docs/api.md: endpoint tables are up to date');
  else {
    writeFileSync(file, after);
    console.log('docs/api.md: endpoint tables regenerated');
  }
} finally {
  await app.close();
}
