// Chromium's virtual authenticator for the browser suites (issue 17, passkeys): enabled through the
// DevTools protocol (WebAuthn domain) from Playwright, so registration and assertion run the real
// browser ceremony (navigator.credentials.create/get) against the real server, with no mock.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

export interface VirtualAuthenticatorOptions {
  /** Discoverable (resident) credentials, needed for passwordless sign-in (default true). */
  hasResidentKey?: boolean;
  /** Whether the authenticator can verify the user (default true). */
  hasUserVerification?: boolean;
  /** Whether user verification succeeds (default true; false to test a UV failure). */
  isUserVerified?: boolean;
  /** Answer presence and verification prompts automatically (default true). */
  automaticPresenceSimulation?: boolean;
}

export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  userHandle?: string;
  signCount: number;
  privateKey: string;
}

export interface VirtualAuthenticator {
  /** The DevTools session the authenticator lives in (one per page). */
  session: CDPSession;
  authenticatorId: string;
  /** The credentials the authenticator holds now. */
  credentials(): Promise<VirtualCredential[]>;
  /** Makes the next ceremonies verify the user, or fail to (WebAuthn.setUserVerified). */
  setUserVerified(isUserVerified: boolean): Promise<void>;
  /** Adds a credential made elsewhere (e.g. copied from another page's authenticator). */
  addCredential(credential: VirtualCredential): Promise<void>;
  /** Removes the authenticator (the page then has no authenticator). */
  remove(): Promise<void>;
}

/**
 * Adds a CTAP2 platform authenticator ('internal' transport, resident keys, user verification) to
 * the page through `WebAuthn.enable` and `WebAuthn.addVirtualAuthenticator`. Call it before the
 * page starts a ceremony; it lives as long as the page (or until `remove`).
 */
export async function addVirtualAuthenticator(page: Page, options: VirtualAuthenticatorOptions = {}): Promise<VirtualAuthenticator> {
  const context: BrowserContext = page.context();
  const session = await context.newCDPSession(page);
  await session.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: options.hasResidentKey ?? true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: options.automaticPresenceSimulation ?? true,
    },
  });
  return {
    session,
    authenticatorId,
    async credentials() {
      const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials;
    },
    async setUserVerified(isUserVerified: boolean) {
      await session.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
    async addCredential(credential: VirtualCredential) {
      await session.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
    async remove() {
      await session.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    },
  };
}

/**
 * The test server's address with `localhost` for `127.0.0.1`: WebAuthn refuses an IP address as the
 * relying party id, so passkey ceremonies must run on a page served from a host name. The server
 * listens on 127.0.0.1, which `localhost` reaches.
 */
export function passkeyUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return url.origin;
}
