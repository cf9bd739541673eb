import { Readable } from 'node:stream';
import { csvHeader, csvLines, type CsvCell } from './csv.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Repos } from '../../db/repos.js';
import type { SsprSettings } from '../recovery/settings.js';
import type { Clock } from '../../core/clock.js';
import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { problemJson } from '../../http/problem-schema.js';
import { methodKinds } from '../../../shared/methods.js';
import {
  activityOutcomeFilters,
  activitySummary,
  listActivity,
  listRegistration,
  type ActivityPosition,
  type ActivityRow,
  type ActivityWindow,
  type RegistrationRow,
} from './password-reset.js';

/** Entra's reports go back 30 days (reference §7.13). */
const DEFAULT_DAYS = 30;
/** Rows per database round trip while a CSV export streams. */
const EXPORT_PAGE = 1000;
/** Far above any real number of flows started in the same millisecond; a larger value is a forged cursor. */
const MAX_SEEN = 100_000;

const registrationJson = z
  .object({
    userId: z.string(),
    userPrincipalName: z.string(),
    displayName: z.string(),
    methods: z.array(z.enum(methodKinds)),
    registered: z.boolean().describe('has at least the methods the reset policy requires (admins: two, security questions not counted)'),
    confirmedAt: z.string().nullable(),
  })
  .meta({ id: 'PasswordResetRegistration' });

const activityJson = z
  .object({
    id: z.string().describe('a short stable id of the reset attempt'),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    userPrincipalName: z.string().nullable().describe('null when the name entered was not an account'),
    outcome: z.string().nullable().describe("'completed', a failure reason, or null while the attempt is open"),
    methodsProven: z.array(z.enum(methodKinds)),
    ipAddress: z.string().nullable(),
  })
  .meta({ id: 'PasswordResetActivity' });

const summaryJson = z
  .object({ started: z.number().int(), completed: z.number().int(), failed: z.number().int(), byReason: z.record(z.string(), z.number().int()) })
  .meta({ id: 'PasswordResetActivitySummary' });

const page = { limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(512).optional() };
const registrationFilters = { search: z.string().max(256).optional(), registered: z.enum(['true', 'false']).optional() };
const activityFilters = { from: z.iso.datetime().optional(), to: z.iso.datetime().optional(), outcome: z.enum(activityOutcomeFilters).optional() };
const validWindow = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || new Date(q.from) < new Date(q.to);
const windowIssue = { path: ['to'], message: 'to must be after from' };

const registrationQuery = z.object({ ...registrationFilters, ...page }).strict();
const registrationCsvQuery = z.object(registrationFilters).strict();
const activityQuery = z
  .object({ ...activityFilters, ...page })
  .strict()
  .refine(validWindow, windowIssue);
const activityCsvQuery = z.object(activityFilters).strict().refine(validWindow, windowIssue);

const registeredFilter = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');

/** The activity cursor carries a count, not an id: see {@link ActivityPosition}. An altered one reads as "from the start". */
function decodeActivityCursor(value: string | undefined): ActivityPosition | undefined {
  const c = decodeCursor(value);
  if (!c || !/^\d{1,6}$/.test(c.id) || Number(c.id) > MAX_SEEN || Number.isNaN(Date.parse(c.at))) return undefined;
  return { at: c.at, seen: Number(c.id) };
}

const toRegistrationJson = (r: RegistrationRow) => ({ ...r, confirmedAt: r.confirmedAt?.toISOString() ?? null });
const toActivityJson = (r: ActivityRow) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null });

/**
 * RFC 4180 CSV, one page of rows at a time so a large export never sits in memory. The first page
 * is read before anything is sent: a query that fails is then a problem+json answer, not a 200
 * whose connection drops half-way (found by the fuzzer, issue 12).
 */
async function csvStream(header: string[], pages: () => AsyncGenerator<CsvCell[][]>): Promise<Readable> {
  const rest = pages();
  const first = await rest.next();
  return Readable.from(
    (async function* () {
      yield csvHeader(header);
      if (first.done) return;
      if (first.value.length) yield csvLines(first.value);
      for await (const rows of { [Symbol.asyncIterator]: () => rest }) if (rows.length) yield csvLines(rows);
    })(),
  );
}

/** Reports > Password reset: registration and reset activity, with keyset paging and CSV export. */
export const passwordResetReportRoutes =
  (deps: { repos: Pick<Repos, 'recovery'>; clock: Clock; settings: () => Promise<SsprSettings> }): FastifyPluginAsyncZod =>
  async (app) => {
    const { clock, repos } = deps;
    /** `from` defaults to 30 days before `to` (or now); no `to` means up to now. */
    const windowOf = (q: { from?: string | undefined; to?: string | undefined }): ActivityWindow => {
      const to = q.to ? new Date(q.to) : undefined;
      return { from: q.from ? new Date(q.from) : new Date((to ?? clock.now()).getTime() - DEFAULT_DAYS * 86_400_000), to };
    };

    app.get(
      '/reports/password-reset/registration',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Password reset registration, one row per user by user principal name',
          querystring: registrationQuery,
          response: {
            200: z.object({ items: z.array(registrationJson), nextCursor: z.string().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const c = decodeCursor(q.cursor);
        const result = await listRegistration(repos, await deps.settings(), {
          search: q.search,
          registered: registeredFilter(q.registered),
          after: c && { upnKey: c.at, id: c.id },
          limit: q.limit,
        });
        return { items: result.items.map(toRegistrationJson), nextCursor: result.next ? encodeCursor({ at: result.next.upnKey, id: result.next.id }) : null };
      },
    );

    app.get(
      '/reports/password-reset/registration.csv',
      {
        config: { permission: 'reports:read' },
        schema: { tags: ['Reports'], summary: 'Password reset registration as CSV (same filters, every row)', querystring: registrationCsvQuery },
      },
      async (request, reply) => {
        const q = request.query;
        const settings = await deps.settings();
        const csv = await csvStream(['User principal name', 'Display name', 'Registered', 'Methods', 'Confirmed', 'User id'], async function* () {
          let after;
          do {
            const result = await listRegistration(repos, settings, { search: q.search, registered: registeredFilter(q.registered), after, limit: EXPORT_PAGE });
            yield result.items.map((r) => [
              r.userPrincipalName,
              r.displayName,
              r.registered ? 'Yes' : 'No',
              r.methods.join(', '),
              r.confirmedAt?.toISOString() ?? null,
              r.userId,
            ]);
            after = result.next ?? undefined;
          } while (after);
        });
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="password-reset-registration.csv"').send(csv);
      },
    );

    app.get(
      '/reports/password-reset/activity',
      {
        config: { permission: 'reports:read' },
        schema: {
          tags: ['Reports'],
          summary: 'Password reset activity, newest first, with totals for the period',
          querystring: activityQuery,
          response: {
            200: z.object({ summary: summaryJson, items: z.array(activityJson), nextCursor: z.string().nullable() }),
            400: problemJson,
            401: problemJson,
            403: problemJson,
          },
        },
      },
      async (request) => {
        const q = request.query;
        const window = windowOf(q);
        const [summary, result] = await Promise.all([
          activitySummary(repos, window),
          listActivity(repos, { ...window, outcome: q.outcome, after: decodeActivityCursor(q.cursor), limit: q.limit }),
        ]);
        return {
          summary,
          items: result.items.map(toActivityJson),
          nextCursor: result.next ? encodeCursor({ at: result.next.at, id: String(result.next.seen) }) : null,
        };
      },
    );

    app.get(
      '/reports/password-reset/activity.csv',
      {
        config: { permission: 'reports:read' },
        schema: { tags: ['Reports'], summary: 'Password reset activity as CSV (same filters, every row)', querystring: activityCsvQuery },
      },
      async (request, reply) => {
        const q = request.query;
        const window = windowOf(q);
        const csv = await csvStream(['Id', 'Started', 'Finished', 'User principal name', 'Outcome', 'Methods proven', 'IP address'], async function* () {
          let after: ActivityPosition | undefined;
          do {
            const result = await listActivity(repos, { ...window, outcome: q.outcome, after, limit: EXPORT_PAGE });
            yield result.items.map((r) => [
              r.id,
              r.startedAt.toISOString(),
              r.finishedAt?.toISOString() ?? null,
              r.userPrincipalName,
              r.outcome,
              r.methodsProven.join(', '),
              r.ipAddress,
            ]);
            after = result.next ?? undefined;
          } while (after);
        });
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="password-reset-activity.csv"').send(csv);
      },
    );
  };
