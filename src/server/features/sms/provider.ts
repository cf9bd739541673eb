import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type { OutboxStore } from '../notifications/outbox-store.js';
import type { SmsProvider } from '../notifications/text-channel.js';

const devSubjects = { sms: 'Text message', voice: 'Voice call' } as const;

/**
 * Without a gateway, texts land in the dev mailbox (next to mail, under Settings > Mail) and on
 * the console, like mail without SMTP, so codes can be tried without a phone.
 */
export function createDevSmsProvider(outbox: OutboxStore, options: { now: () => Date; print?: (text: string) => void }): SmsProvider {
  return {
    kind: 'dev',
    async send(message) {
      const subject = devSubjects[message.kind];
      await outbox.saveDevMail(
        { outboxId: message.messageId, recipient: message.to, subject, text: message.text, html: `<p>${escapeHtml(message.text)}</p>` },
        options.now(),
      );
      options.print?.(`\n[dev mailbox] ${subject} to ${message.to}\n\n${message.text}`);
    },
  };
}

export const SIGNATURE_HEADER = 'X-Latchkey-Signature';

/** The X-Latchkey-Signature value for a request body: `sha256=` and the hex HMAC-SHA256 of its bytes. */
export function signBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Checks an X-Latchkey-Signature header against the exact body bytes received, in constant time.
 * For gateways (and tests): verify before parsing the JSON.
 */
export function verifySignature(body: string | Uint8Array, header: string, secret: string): boolean {
  const expected = Buffer.from(signBody(body, secret));
  const actual = Buffer.from(header);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Hands texts to an HTTP gateway (a small service of your own in front of any SMS or voice
 * vendor): a signed JSON POST per message. docs/operations.md describes the contract.
 */
export function createHttpSmsProvider(options: { url: string; secret: string; timeoutMs: number; fetch?: typeof fetch }): SmsProvider {
  const post = options.fetch ?? fetch;
  return {
    kind: 'http',
    async send(message) {
      const body = JSON.stringify({ to: message.to, text: message.text, kind: message.kind, id: message.messageId });
      let response: Response;
      try {
        response = await post(options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signBody(body, options.secret), 'Idempotency-Key': message.messageId },
          body,
          // A redirect is a misconfiguration; following it would carry the code to another address.
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        // Only the kind of failure: neither the text nor the gateway URL (it may hold a key) goes into the log.
        if (err instanceof Error && err.name === 'TimeoutError') throw new Error(`SMS gateway did not answer within ${options.timeoutMs} ms`, { cause: err });
        const code = (err as { cause?: { code?: unknown } }).cause?.code;
        throw new Error(`SMS gateway unreachable${typeof code === 'string' ? ` (${code})` : ''}`, { cause: err });
      }
      // The answer's body is not used; discarding it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
    },
  };
}

/** The configured provider: the HTTP gateway when LATCHKEY_SMS_HTTP_URL is set, else the dev mailbox. */
export function createSmsProvider(
  config: Pick<Config, 'smsHttpUrl' | 'smsHttpSecret' | 'smsHttpTimeoutMs'>,
  deps: { outbox: OutboxStore; now: () => Date; print?: ((text: string) => void) | undefined },
): SmsProvider {
  if (config.smsHttpUrl) {
    // The config schema refuses a URL without a secret; this guards callers that bypass it.
    if (!config.smsHttpSecret) throw new Error('LATCHKEY_SMS_HTTP_SECRET is required with LATCHKEY_SMS_HTTP_URL');
    return createHttpSmsProvider({ url: config.smsHttpUrl, secret: config.smsHttpSecret, timeoutMs: config.smsHttpTimeoutMs });
  }
  return createDevSmsProvider(deps.outbox, { now: deps.now, ...(deps.print ? { print: deps.print } : {}) });
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
