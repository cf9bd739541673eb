/** The messages between the orchestrator and the load child (`child_process.fork`, IPC, JSON). */
import type { LatencySummary } from './stats.js';

export interface SessionSpec {
  /** Who signs in (round-robin) and with what password. */
  usernames: string[];
  password: string;
  /** Sessions made before the warm-up; requests take them in turn. */
  count: number;
}

export interface CaptchaSpec {
  /** The server secret (the portal signs its challenges with it). */
  secret: string;
  maxNumber: number;
}

export type ScenarioSpec =
  /** Any GET (`/healthz`, `/api/v1/me`, `/api/v1/users?limit=100`), with cookie + CSRF headers of `sessions` when given. */
  | { kind: 'get'; path: string; okStatus?: number; sessions?: SessionSpec }
  /** `POST /api/v1/auth/sign-in` with valid credentials of a random one of `usernames`. */
  | { kind: 'sign-in'; usernames: string[]; password: string }
  /**
   * `POST /api/v1/me/change-password`: the accounts are signed in before the warm-up (one session
   * per change, since a change revokes every session), then each request changes one account's
   * password to a fresh one. The child remembers every account's current password across runs.
   */
  | { kind: 'change-password'; usernames: string[]; password: string; sessionsPerSecond: number }
  /** `POST /api/v1/recovery/flows`, half unknown names (each new), half `names`; a CAPTCHA solved per request before the warm-up. */
  | { kind: 'recovery-start'; names: string[]; captcha: CaptchaSpec; solveForRps: number }
  /**
   * `POST /api/v1/recovery/flows/{id}/send`: `flows` flows started before the warm-up (half for
   * `names`, half for unknown names), each name sent at most `maxSendsPerName` codes over the child's life (10 in 10 minutes lock an account).
   */
  | { kind: 'recovery-send'; names: string[]; captcha: CaptchaSpec; flows: number; maxSendsPerName: number };

export interface LoadSpec {
  /** Connections are spread round-robin over these servers (`http://127.0.0.1:port`). */
  baseUrls: string[];
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on requests sent, warm-up included. */
  maxRequests: number;
  scenario: ScenarioSpec;
  /** Upper bound of the preparation (sign-ins, CAPTCHAs, flows), ms. */
  prepareMaxMs?: number;
}

export interface LoadReport {
  ok: number;
  errors: number;
  /** Status → count inside the window (`0`: a transport error). */
  statusCounts: Record<string, number>;
  latency: LatencySummary;
  /** Every latency of the window, ms (to merge slices into one percentile). */
  latenciesMs: number[];
  /** OK responses per second of the window. */
  rps: number;
  windowMs: number;
  sent: number;
  /** CPU of the load child during the window, ms. */
  cpuMs: number;
  sampleError?: string;
  /** The scenario ran out of prepared material (CAPTCHAs, sessions, flows) and stopped early. */
  capped: boolean;
  /** What the preparation did, ms and a note. */
  prepareMs: number;
  prepareNote: string;
}

/** Overload: every connection sends one sign-in at the same moment. */
export interface BurstSpec {
  baseUrls: string[];
  connections: number;
  usernames: string[];
  password: string;
  timeoutMs: number;
}

export interface BurstReport {
  statusCounts: Record<string, number>;
  /** Per status, from the request being written on a connected socket to the whole answer. */
  latencyByStatus: Record<string, LatencySummary>;
  /** TCP connect times of the burst's sockets. */
  connect: LatencySummary;
  /** 503 answers without a `Retry-After` header. */
  missingRetryAfter: number;
  elapsedMs: number;
  sampleError?: string;
}

export type ToChild = { type: 'run'; id: number; spec: LoadSpec } | { type: 'burst'; id: number; spec: BurstSpec };
export type FromChild =
  | { type: 'ready' }
  | { type: 'result'; id: number; report: LoadReport }
  | { type: 'burst-result'; id: number; report: BurstReport }
  | { type: 'error'; id: number; message: string };
