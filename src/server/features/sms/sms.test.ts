import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { seal, unseal } from '../../core/crypto.js';
import type { DbHandle } from '../../db/kysely.js';
import { createRepos, createTransact, type Repos } from '../../db/repos.js';
import { openTestDb, testEngines } from '../../testing/databases.js';
import type { OutboxStore } from '../notifications/outbox-store.js';
import type { MailChannel } from '../../../shared/mail.js';
import { createDevMailboxTransport } from '../notifications/transport.js';
import { createOutboxWorker } from '../notifications/worker.js';
import { accountTemplates } from '../notifications/templates.js';
import { recoveryTemplates } from '../recovery/mail-templates.js';
import { createDevSmsProvider, createHttpSmsProvider, createSmsProvider, verifySignature } from './provider.js';
import type { SmsProvider } from '../notifications/text-channel.js';

const SERVER_SECRET = 'test-secret-0123456789-0123456789-abcdef';
const GATEWAY_SECRET = 'gateway-secret-0123456789-0123456789';
const CODE = '48151623';
const PHONE = '+31612345678';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP gateway on 127.0.0.1 that records each request and answers with `respond` (or never). */
async function startGateway(respond: ((res: ServerResponse) => void) | null = (res) => res.writeHead(202).end()) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond?.(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const message = { to: PHONE, text: `Contoso: your password reset code is ${CODE}.`, kind: 'sms' as const, messageId: 'b3c1d6de-1b8e-4a57-9d7e-2f3c4b5a6d7e' };

describe('HTTP SMS provider', () => {
  test('POSTs signed JSON with an idempotency key', async () => {
    const gateway = await startGateway();
    try {
      await createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 }).send(message);
      const [request] = gateway.received;
      assert.ok(request);
      assert.deepEqual(JSON.parse(request.body), { to: PHONE, text: message.text, kind: 'sms', id: message.messageId });
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['idempotency-key'], message.messageId);
      const signature = request.headers['x-latchkey-signature'];
      assert.equal(signature, `sha256=${createHmac('sha256', GATEWAY_SECRET).update(request.body).digest('hex')}`);
      assert.equal(verifySignature(request.body, String(signature), GATEWAY_SECRET), true);
      assert.equal(verifySignature(Buffer.from(request.body), String(signature), GATEWAY_SECRET), true, 'raw bytes verify too');
      assert.equal(verifySignature(request.body.replace(CODE, '00000000'), String(signature), GATEWAY_SECRET), false, 'an altered body fails');
      assert.equal(verifySignature(request.body, String(signature), 'another-secret-0123456789-0123456789'), false, 'another secret fails');
      assert.equal(verifySignature(request.body, 'sha256=00', GATEWAY_SECRET), false, 'a short header fails');
    } finally {
      await gateway.close();
    }
  });

  const assertNoLeak = (err: unknown, pattern: RegExp) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes(CODE) && !err.message.includes(PHONE), `the error leaks the message: ${err.message}`);
    return true;
  };

  test('a non-2xx answer throws with the status, never the text', async () => {
    const gateway = await startGateway((res) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`could not send ${message.text}`));
    try {
      await assert.rejects(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 }).send(message), (err) =>
        assertNoLeak(err, /HTTP 500/),
      );
    } finally {
      await gateway.close();
    }
  });

  test('a redirect is not followed', async () => {
    const gateway = await startGateway((res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end());
    try {
      await assert.rejects(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 }).send(message), (err) =>
        assertNoLeak(err, /HTTP 307/),
      );
      assert.equal(gateway.received.length, 1);
    } finally {
      await gateway.close();
    }
  });

  test('a closed port throws without leaking the text', async () => {
    const gateway = await startGateway();
    await gateway.close();
    await assert.rejects(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 }).send(message), (err) =>
      assertNoLeak(err, /unreachable \(ECONNREFUSED\)/),
    );
  });

  test('a gateway that never answers times out', async () => {
    const gateway = await startGateway(null);
    try {
      const started = Date.now();
      await assert.rejects(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 200 }).send(message), (err) =>
        assertNoLeak(err, /did not answer within 200 ms/),
      );
      assert.ok(Date.now() - started < 3000, 'gave up promptly');
    } finally {
      await gateway.close();
    }
  });
});

describe('SMS configuration', () => {
  test('a gateway URL needs a secret of at least 32 characters', () => {
    assert.throws(
      () => loadConfig({ LATCHKEY_SMS_HTTP_URL: 'https://sms.contoso.example/send' }),
      /LATCHKEY_SMS_HTTP_SECRET: is required when LATCHKEY_SMS_HTTP_URL is set/,
    );
    assert.throws(
      () => loadConfig({ LATCHKEY_SMS_HTTP_URL: 'https://sms.contoso.example/send', LATCHKEY_SMS_HTTP_SECRET: 'short' }),
      /LATCHKEY_SMS_HTTP_SECRET: must be at least 32 characters/,
    );
    assert.throws(() => loadConfig({ LATCHKEY_SMS_HTTP_URL: 'ftp://sms.contoso.example', LATCHKEY_SMS_HTTP_SECRET: GATEWAY_SECRET }), /LATCHKEY_SMS_HTTP_URL:/);
    assert.throws(
      () => loadConfig({ LATCHKEY_SMS_HTTP_URL: 'https://user:pw@sms.contoso.example', LATCHKEY_SMS_HTTP_SECRET: GATEWAY_SECRET }),
      /LATCHKEY_SMS_HTTP_URL: must not contain a user name or password/,
    );
    const config = loadConfig({
      LATCHKEY_SMS_HTTP_URL: 'https://sms.contoso.example/send',
      LATCHKEY_SMS_HTTP_SECRET: GATEWAY_SECRET,
      LATCHKEY_SMS_HTTP_TIMEOUT_MS: '2500',
    });
    assert.equal(config.smsHttpTimeoutMs, 2500);
    assert.equal(loadConfig({}).smsHttpTimeoutMs, 10000);
  });

  test('the factory picks HTTP with a URL and the dev mailbox without', () => {
    const deps = { outbox: {} as OutboxStore, now: () => new Date() }; // neither provider touches it until it sends
    assert.equal(createSmsProvider(loadConfig({}), deps).kind, 'dev');
    assert.equal(
      createSmsProvider(loadConfig({ LATCHKEY_SMS_HTTP_URL: 'https://sms.contoso.example/send', LATCHKEY_SMS_HTTP_SECRET: GATEWAY_SECRET }), deps).kind,
      'http',
    );
  });
});

for (const engine of testEngines()) {
  describe(`outbox worker with texts (${engine})`, () => {
    let handle: DbHandle;
    let repos: Repos;
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    before(async () => {
      handle = await openTestDb(engine);
      repos = createRepos(handle.db);
    });
    after(() => handle.close());

    const workerWith = (sms: SmsProvider | undefined) =>
      createOutboxWorker({
        repos,
        transact: createTransact(handle.db),
        clock,
        transport: createDevMailboxTransport(repos.outbox, { now: () => clock.now() }),
        sms,
        pollMs: 1000,
        templates: { ...accountTemplates, ...recoveryTemplates },
        messageIdDomain: 'contoso.example',
        mailContext: async () => ({
          organizationName: 'Fabrikam',
          publicUrl: null,
          linkOrigin: 'http://127.0.0.1:3000',
          timeZone: 'UTC',
          unseal: (sealed: string) => unseal(SERVER_SECRET, 'mail-payload', sealed),
        }),
      });
    const queue = (channel: MailChannel, locale: string, recipient = PHONE, template = 'recovery-code') =>
      repos.outbox.enqueue(
        { channel, recipient, template, locale, payload: { sealedCode: seal(SERVER_SECRET, 'mail-payload', CODE), expiresInMinutes: 5 }, userId: null },
        clock.now(),
      );
    /** Removes a message left queued for a retry, so that later tests' workers do not pick it up. */
    const forget = async (id: string) => {
      await handle.db.deleteFrom('outbox_attempt').where('outbox_id', '=', id).execute();
      await handle.db.deleteFrom('outbox').where('id', '=', id).execute();
    };

    test("the HTTP provider delivers the code in the recipient's language", async () => {
      const gateway = await startGateway();
      try {
        const sms = createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 });
        const en = await queue('sms', 'en');
        const nl = await queue('sms', 'nl');
        const voice = await queue('voice', 'nl', '+31201234567', 'method-verification-code');
        assert.ok(!JSON.stringify(await handle.db.selectFrom('outbox').selectAll().execute()).includes(CODE), 'the code is queued sealed');
        assert.equal(await workerWith(sms).drain(), 3);
        const bodies = new Map(
          gateway.received.map((r) => [JSON.parse(r.body).id as string, JSON.parse(r.body) as { to: string; text: string; kind: string }]),
        );
        assert.equal(bodies.get(en)?.text, `Fabrikam: your password reset code is ${CODE}. It expires in 5 minutes. Don't share it.`);
        assert.match(bodies.get(nl)!.text, new RegExp(`^Fabrikam: uw code om uw wachtwoord opnieuw in te stellen is ${CODE}\\.`));
        assert.deepEqual({ to: bodies.get(voice)?.to, kind: bodies.get(voice)?.kind }, { to: '+31201234567', kind: 'voice' });
        assert.match(
          bodies.get(voice)!.text,
          /^Dit is Fabrikam\. Uw code om dit telefoonnummer te bevestigen is 4 8 1 5 1 6 2 3\. Ik herhaal: 4 8 1 5 1 6 2 3\./,
        );
        for (const r of gateway.received) assert.ok(verifySignature(r.body, String(r.headers['x-latchkey-signature']), GATEWAY_SECRET));
        const sent = await repos.outbox.get(en);
        assert.deepEqual({ status: sent?.status, subject: sent?.subject, channel: sent?.channel }, { status: 'sent', subject: null, channel: 'sms' });
        assert.deepEqual(
          (await repos.outbox.attemptsOf([en])).get(en)?.map((a) => [a.outcome, a.detail]),
          [['sent', 'http']],
        );
      } finally {
        await gateway.close();
      }
    });

    test('a gateway failure is retried and logged without the code', async () => {
      const gateway = await startGateway((res) => res.writeHead(503).end());
      try {
        const id = await queue('sms', 'en');
        await workerWith(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 })).drain();
        const message = await repos.outbox.get(id);
        assert.deepEqual(
          { status: message?.status, lastError: message?.lastError, attempts: message?.attempts },
          { status: 'queued', lastError: 'SMS gateway answered HTTP 503', attempts: 1 },
        );
        // The retry carries the same id, so the gateway can tell it from a new message.
        clock.advance(5_000);
        await workerWith(createHttpSmsProvider({ url: gateway.url, secret: GATEWAY_SECRET, timeoutMs: 5000 })).drain();
        assert.deepEqual(
          gateway.received.map((r) => r.headers['idempotency-key']),
          [id, id],
        );
        await forget(id);
      } finally {
        await gateway.close();
      }
    });

    test('without an SMS provider a text fails like a failed delivery', async () => {
      const id = await queue('sms', 'en');
      await workerWith(undefined).drain();
      const message = await repos.outbox.get(id);
      assert.equal(message?.status, 'queued');
      assert.match(message?.lastError ?? '', /no SMS provider is configured/);
      assert.deepEqual(
        (await repos.outbox.attemptsOf([id])).get(id)?.map((a) => a.outcome),
        ['retry'],
      );
      await forget(id);
    });

    test('the dev provider puts texts in the dev mailbox', async () => {
      const printed: string[] = [];
      const id = await queue('voice', 'en', '+441632960961');
      await workerWith(createDevSmsProvider(repos.outbox, { now: () => clock.now(), print: (text) => printed.push(text) })).drain();
      const [mail] = await repos.outbox.listDevMail(1, '+441632960961');
      assert.equal(mail?.subject, 'Voice call');
      assert.match(mail.text, /^This is Fabrikam\. Your password reset code is 4 8 1 5 1 6 2 3\./);
      assert.ok(mail.html.startsWith('<p>This is Fabrikam.') && mail.html.includes('Don&#39;t share it.'));
      assert.ok(printed.join('').includes('Voice call to +441632960961'));
      assert.deepEqual(
        (await repos.outbox.attemptsOf([id])).get(id)?.map((a) => [a.outcome, a.detail]),
        [['sent', 'dev']],
      );
    });
  });
}
