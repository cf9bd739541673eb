import type { AddressInfo } from 'node:net';
import { createTestApp, type TestUserInput } from '../../src/server/testing/test-app.js';
import { ManualClock } from '../../src/server/core/clock.js';
import { isRoleId } from '../../src/shared/roles.js';

export type RoleId = string;

export interface TestServer {
  url: string;
  /** The application behind the server (repos, clock, services) for setting up state directly. */
  testApp: Awaited<ReturnType<typeof createTestApp>>;
  createUser(input: Omit<TestUserInput, 'roles'> & { displayName: string; password: string; roles?: RoleId[] }): Promise<{ id: string }>;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1 (random port) serving the API and the built web app, for browser tests. */
/** `mfa: 'product-defaults'` keeps default-on admin MFA (issue 17); other browser tests run without MFA (see createTestApp). */
/** `config`: configuration on top of the test defaults (e.g. `smtpUrl` of a test's SMTP sink). */
export async function startTestServer(options: { mfa?: 'off' | 'product-defaults'; config?: Record<string, unknown> } = {}): Promise<TestServer> {
  // Browsers age cookies in real time, so this server's clock ticks along with it.
  const app = await createTestApp({ clock: new ManualClock(new Date(), { ticking: true }), ...options });
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    testApp: app,
    createUser: ({ roles = [], ...input }) => {
      const unknown = roles.filter((r) => !isRoleId(r));
      if (unknown.length) throw new Error(`unknown roles: ${unknown.join(', ')}`);
      return app.createUser({ ...input, roles: roles.filter(isRoleId) });
    },
    close: () => app.close(),
  };
}
