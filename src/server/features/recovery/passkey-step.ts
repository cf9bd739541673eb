import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { RequestContext } from '../../core/identity.js';
import type { Portal } from './portal.js';

/**
 * Step 2a for a passkey (issue 17): the options for `navigator.credentials.get()`, with a
 * challenge bound to this flow, single use and five minutes long.
 *
 * Every flow gets the same kind of options, whoever the name belongs to: no `allowCredentials`
 * (a discoverable-credential ceremony, so the browser offers the passkeys it holds for this site).
 * Listing the account's credential ids would tell anyone who types a name whether it has passkeys
 * and how many, and a decoy list could never match real ids' lengths and count (checklist R1);
 * passkeys are registered as discoverable credentials, so nothing is lost. The assertion is then
 * checked against the flow's account only (verify.ts).
 * @throws AppError recovery.flow_not_found, recovery.flow_expired, recovery.step_not_allowed,
 *   recovery.method_not_offered, recovery.strong_method_required, recovery.locked, request.rate_limited
 */
export function passkeyOptionsStep(portal: Portal) {
  const { deps, clock, throttle } = portal;
  return async function passkeyOptions(token: string, ctx: RequestContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { flow } = await portal.openFlow(token, 'prove');
    portal.offeredMethod(flow, 'passkey');
    await throttle.assertNotLocked(flow.subject);
    // A challenge is a row written by a public endpoint: the sends' limit per address keeps that bounded.
    await deps.rateLimiter.consume('recovery-send', ctx.ipAddress ?? 'unknown', { limit: deps.limits.sendsPerIp, windowSeconds: 3600 });
    return deps.passkeys.assertionOptions({ userId: null, binding: portal.codeBinding(flow, 'passkey'), now: clock.now() });
  };
}
