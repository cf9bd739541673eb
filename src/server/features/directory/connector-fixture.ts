/* Test helper: the connector for a harness slapd (testing/slapd.ts), made the way services.ts makes it. */
import assert from 'node:assert/strict';
import { loadConfig } from '../../config/load.js';
import type { Slapd } from '../../testing/slapd.js';
import { createDirectoryConnectorFromConfig } from './connector.js';
import type { DirectoryConnector } from '../../core/directory.js';

/** `overrides`: configuration keys on top of slapd.config(), e.g. { directoryBindPassword: 'wrong' }. */
export function connectorFor(slapd: Slapd, overrides: Record<string, unknown> = {}, transport?: 'plain' | 'ldaps' | 'starttls'): DirectoryConnector {
  const connector = createDirectoryConnectorFromConfig(loadConfig({}, { ...slapd.config(transport ? { transport } : {}), ...overrides }), {});
  assert.ok(connector);
  return connector;
}
