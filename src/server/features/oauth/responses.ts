import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../core/clock.js';
import { aadstsFor, oauthErrorBody } from './oauth-errors.js';

/*
 * Koa middleware on the provider (issue 15): answers in the shape Microsoft's clients read.
 * Token responses get `ext_expires_in`; device authorization gets `message`; errors get the
 * AADSTS fields (`error_codes`, `timestamp`, `trace_id`, `correlation_id`).
 */

type Body = Record<string, unknown>;

/** `provider.use(...)` middleware adding Microsoft's response fields. */
export function addMicrosoftResponseFields(deps: { clock: Clock; accessTokenSeconds: number }) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const body = ctx.body as Body | undefined;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const route = ctx.oidc?.route;
    if (
      typeof body.error === 'string' &&
      !('error_codes' in body) &&
      (route === 'token' || route === 'device_authorization' || route === 'revocation' || route === 'userinfo')
    ) {
      const description = typeof body.error_description === 'string' ? body.error_description : body.error;
      const header = ctx.get('client-request-id');
      const shaped = oauthErrorBody(
        body.error,
        aadstsFor(body.error),
        `${description.charAt(0).toUpperCase()}${description.slice(1)}.`,
        deps.clock.now(),
        header || undefined,
      );
      ctx.body = { ...body, ...shaped };
      return;
    }
    if (route === 'token' && typeof body.access_token === 'string') {
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : deps.accessTokenSeconds;
      ctx.body = { ...body, token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn };
      return;
    }
    if (route === 'device_authorization' && typeof body.user_code === 'string') {
      ctx.body = {
        ...body,
        // RFC 8628 §3.2: 5 seconds when absent; MSAL reads the field.
        interval: typeof body.interval === 'number' ? body.interval : 5,
        message: `To sign in, use a web browser to open the page ${String(body.verification_uri)} and enter the code ${body.user_code} to authenticate.`,
      };
    }
  };
}
