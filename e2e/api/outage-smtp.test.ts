import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { ManualClock } from '../../src/server/core/clock.js';
import { openTestDb, testEngines } from '../../src/server/testing/databases.js';
import { startSmtpSink, type SmtpSink } from '../../src/server/testing/smtp-sink.js';
import { createTestApp, type TestApp } from '../../src/server/testing/test-app.js';

// Issue 12, "Outage tests": SMTP down for a while, then back. Extends the outbox test in
// password-change/change-password.test.ts (one refused attempt, one server) with a longer outage:
// first nothing listens, then a real SMTP server answers 421 (try later) to every connection,
// and mail keeps being queued meanwhile; then the server is back and two Latchkey servers on one
// database drain the outbox at the same moment. Every message arrives exactly once, and every
// attempt is in the delivery log (N1: notices are not lost).
const OLD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

async function rejectingSmtp(port: number): Promise<{ connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback(Object.assign(new Error('Service not available, try again later'), { responseCode: 421 }));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const engine of testEngines()) {
  describe(`mail survives a long SMTP outage (${engine})`, () => {
    test('refused, then 421 for a while, then back: every message once, with two servers draining together (N1)', async () => {
      const probe = await startSmtpSink();
      const port = probe.port;
      await probe.close();
      const db = await openTestDb(engine);
      const clock = new ManualClock('2026-03-01T09:00:00.000Z');
      const config = { smtpUrl: `smtp://127.0.0.1:${port}` };
      const apps: TestApp[] = [];
      let sink: SmtpSink | undefined;
      let rejecting: Awaited<ReturnType<typeof rejectingSmtp>> | undefined;
      try {
        apps.push(await createTestApp({ engine, db, clock, config }), await createTestApp({ engine, db, clock, config }));
        const [a, b] = apps as [TestApp, TestApp];
        const change = async (upn: string) => {
          await a.createUser({ userPrincipalName: upn, password: OLD });
          const s = await a.signIn(upn, OLD);
          const res = await a.app.inject({
            method: 'POST',
            url: '/api/v1/me/change-password',
            payload: { currentPassword: OLD, newPassword: NEW },
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          });
          assert.equal(res.statusCode, 204, res.body);
        };
        const drainBoth = () => Promise.all([a.outboxWorker.drain(), b.outboxWorker.drain()]);
        const outbox = () => a.repos.outbox.list({ limit: 50 });

        // Nothing listens: connection refused, twice.
        await change('first@contoso.example');
        await drainBoth();
        clock.advance(6_000);
        await drainBoth();
        // A server that answers 421 to every connection; a second message is queued meanwhile.
        rejecting = await rejectingSmtp(port);
        await change('second@contoso.example');
        for (let i = 0; i < 3; i++) {
          clock.advance(21_000);
          await drainBoth();
        }
        assert.ok(rejecting.connections() >= 2, 'the 421 server was tried');
        const waiting = await outbox();
        assert.equal(waiting.length, 2);
        assert.ok(
          waiting.every((m) => m.status === 'queued' && m.attempts >= 2 && m.lastError),
          JSON.stringify(waiting.map((m) => [m.status, m.attempts, m.lastError])),
        );
        assert.ok(
          waiting.some((m) => /421/.test(m.lastError ?? '')),
          'the 421 is recorded as the reason',
        );
        await rejecting.close();
        rejecting = undefined;

        // Back: both servers drain at once, then again later; each message arrives once.
        sink = await startSmtpSink(port);
        clock.advance(3_600_000);
        await drainBoth();
        await sink.waitFor(2);
        clock.advance(3_600_000);
        await drainBoth();
        await drainBoth();
        assert.equal(sink.mails.length, 2, 'each message exactly once');
        assert.deepEqual(sink.mails.map((m) => m.to[0]).sort(), ['first@contoso.example', 'second@contoso.example']);
        assert.equal(new Set(sink.mails.map((m) => m.messageId)).size, 2);
        const delivered = await outbox();
        assert.ok(delivered.every((m) => m.status === 'sent'));
        const log = await a.repos.outbox.attemptsOf(delivered.map((m) => m.id));
        for (const m of delivered) {
          const outcomes = log.get(m.id)!.map((x) => x.outcome);
          assert.deepEqual(outcomes.slice(-1), ['sent'], outcomes.join());
          assert.ok(
            outcomes.slice(0, -1).every((o) => o === 'retry'),
            outcomes.join(),
          );
          assert.equal(outcomes.length, m.attempts, 'every attempt is in the delivery log');
        }
      } finally {
        for (const app of apps) await app.close();
        await rejecting?.close();
        await sink?.close();
        await db.close();
      }
    });
  });
}
