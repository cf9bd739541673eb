import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import type { Repos } from '../../db/repos.js';
import { clientMetadata } from './clients.js';

/*
 * oidc-provider's storage adapter over the database (issue 15), so several servers share codes,
 * grants and sessions. Clients come from the app registrations (clients.ts), never from this
 * table. Expiry uses the library's own clock (it compares `exp` with Date.now() itself).
 */

/** Models whose second consumption is a replay: the grant behind it is revoked (RFC 6749 §4.1.2; RFC 9700 §4.14). */
const REPLAY_REVOKES = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode']);

/** The adapter class oidc-provider instantiates once per model name. */
export function adapterClass(deps: { repos: Pick<Repos, 'oidc' | 'apps'>; clock: Clock }) {
  const { repos } = deps;
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.model === 'Client') return;
      await repos.oidc.upsert(this.model, id, payload, expiresIn ? new Date(Date.now() + expiresIn * 1000) : null);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      // Client ids and secrets are checked against the app registrations at the injected clock.
      if (this.model === 'Client') return clientMetadata(repos.apps, id, deps.clock.now());
      return (await repos.oidc.find(this.model, id, new Date()))?.payload;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return (await repos.oidc.findByUserCode(this.model, userCode, new Date()))?.payload;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await repos.oidc.findByUid(this.model, uid, new Date()))?.payload;
    }

    async consume(id: string): Promise<void> {
      // Checked and marked in one statement: of two concurrent exchanges only one wins (ARCHITECTURE: secrets are single-use, consumed where they are read; RFC 6749 §4.1.2).
      if (await repos.oidc.consume(this.model, id, new Date())) return;
      if (REPLAY_REVOKES.has(this.model)) {
        const record = await repos.oidc.find(this.model, id, new Date());
        const grantId = record?.payload.grantId;
        if (typeof grantId === 'string') await repos.oidc.revokeByGrantId(grantId);
      }
      throw new errors.InvalidGrant!('grant request is invalid');
    }

    async destroy(id: string): Promise<void> {
      await repos.oidc.destroy(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repos.oidc.revokeByGrantId(grantId);
    }
  };
}
