/** The WebAuthn relying party: the RP id passkeys are scoped to and the origins ceremonies may come from. */
export interface RelyingParty {
  /** The registrable domain passkeys belong to (never an IP address: browsers refuse those). */
  id: string;
  /** The exact origins (scheme, host, port) a client's ceremony may run on. */
  origins: string[];
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', '::1', '0.0.0.0', '[::]', 'localhost']);

/**
 * The relying party from the configuration, never from a request: a Host header is the client's
 * to choose, so trusting it would let a proxy in front of Latchkey (or a phishing relay) pick the
 * origin the server accepts.
 * - `publicUrl` set (production): its host name is the RP id, its origin the one origin.
 * - unset (development): the server's own address, as `localhost` when it listens on a loopback
 *   address (WebAuthn needs a secure context and a domain: http://localhost is both). Any other
 *   address can't carry passkeys; set LATCHKEY_PUBLIC_URL.
 */
export function relyingParty(publicUrl: string | null, ownOrigin: string): RelyingParty {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return { id: url.hostname, origins: [url.origin] };
  }
  const url = new URL(ownOrigin);
  if (LOOPBACK.has(url.hostname)) url.hostname = 'localhost';
  return { id: url.hostname, origins: [url.origin] };
}
