import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import type { OpenApiDocument } from './api-reference.js';
import { TABLE_END, TABLE_START, renderEndpointTables, who } from './api-table.js';

describe('docs/api.md endpoint tables (issue 13: generated from the OpenAPI document)', () => {
  let app: TestApp;
  let doc: OpenApiDocument;
  before(async () => {
    app = await createTestApp();
    doc = app.app.swagger() as unknown as OpenApiDocument;
  });
  after(() => app.close());

  it('docs/api.md holds exactly the tables the routes generate (run `npm run docs:api` after changing a route)', () => {
    const markdown = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const start = markdown.indexOf(TABLE_START);
    const end = markdown.indexOf(TABLE_END);
    assert.ok(start >= 0 && end > start, 'docs/api.md lost its endpoints markers');
    assert.equal(markdown.slice(start, end + TABLE_END.length), renderEndpointTables(doc));
  });

  it('every operation is in the tables, each with a summary', () => {
    const tables = renderEndpointTables(doc);
    let count = 0;
    for (const [route, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        count++;
        assert.ok(op.summary, `${method.toUpperCase()} ${route} has no summary`);
        assert.ok(tables.includes(`\`${method.toUpperCase()} ${route}\``), `${method.toUpperCase()} ${route} missing`);
      }
    }
    // The table the issue found broken stopped at about 57 of 85 operations; all are there now.
    assert.ok(count >= 85, `only ${count} operations`);
    // A blank line inside a table ends it in Markdown: rows follow their header without one.
    assert.doesNotMatch(tables, /\|\n\n\|/);
  });

  it('"Who" comes from the route config the auth hook enforces', () => {
    const op = (path: string, method: string) => doc.paths[path]![method] as Parameters<typeof who>[0];
    assert.equal(who(op('/api/v1/auth/sign-in', 'post')), 'anyone');
    assert.equal(who(op('/api/v1/me/change-password', 'post')), 'signed in (also a limited session)');
    assert.equal(who(op('/api/v1/auth/sign-out', 'post')), 'signed in (also a limited session, also at the MFA step)');
    assert.equal(who(op('/api/v1/users', 'get')), '`users:read`');
    assert.equal(who(op('/api/v1/auth/mfa', 'post')), 'at the MFA step');
    // Public operations need no session in the contract either.
    assert.deepEqual((doc.paths['/api/v1/auth/sign-in']!.post as { security?: unknown }).security, []);
  });
});
