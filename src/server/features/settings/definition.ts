import type { ZodType } from 'zod';
import type { ErrorCode } from '../../core/error-codes.js';
import type { Issue } from '../../core/errors.js';
import type { Repos } from '../../db/repos.js';
import type { Permission } from '../../../shared/roles.js';
import type { AuditAction } from '../../../shared/audit.js';

/** One way to be allowed to save: a permission, optionally good only for changes to `onlyFields`. */
export interface WriteGrant<T> {
  permission: Permission;
  /** With this grant alone, every other top-level field must stay as it is. */
  onlyFields?: readonly (keyof T & string)[];
}

/** Audit detail values (never secrets: the whole document goes in by default). */
export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * One organisation settings document (ADR 0003): what is stored under `key`, who may read and save
 * it, what a save checks and audits, and where its GET/PUT routes live. The settings service and
 * route factory do the rest, the same way for every document.
 *
 * `T` is the stored document (and the answer of GET and PUT); `B` the PUT body, when it is looser
 * than the document and `normalize` turns it into one.
 */
export interface SettingsDefinition<T, B = T> {
  /** The `setting` row's key. */
  key: string;
  /** Validates the stored document on read and the answer on write; a stored value it rejects reads as `defaults`. */
  schema: ZodType<T>;
  /** The PUT body schema, when it differs from `schema` (default: `schema`). */
  body?: ZodType<B>;
  defaults: T;
  /** Any one of these permissions may read. */
  read: readonly Permission[];
  /** Any one of these grants may save. */
  write: readonly WriteGrant<T>[];
  /**
   * Saving needs fresh proof from a signed-in user (issue 17 step-up: SSPR, smart lockout, MFA
   * policy, password protection); the console operator is not asked.
   */
  stepUp?: boolean;
  /** Turns a valid body into the document to store (trimming, dropping what does not apply). */
  normalize?: (body: B) => T;
  /** The rules between fields a schema cannot say, every problem at once; run on the normalised document. */
  issues?: (next: T, ctx: { repos: Repos }) => Issue[] | Promise<Issue[]>;
  /** The error code of a save refused by `issues` (default: request.validation_failed). */
  invalid?: ErrorCode;
  audit: {
    /** The audit action of a save, e.g. `settings.smart_lockout_updated`. */
    action: AuditAction;
    /** The event's details (default: the documents before and after, as JSON). */
    details?: (before: T, after: T) => AuditDetails;
  };
  /** How long a read is reused on hot paths (default 5 s); ignored when the service is given a cache for the key. */
  cache?: { ttlMs?: number };
  /** The routes: `GET` and `PUT` on `path`, under the Settings tag. */
  route: { path: string; summary: { get: string; put: string }; description?: { put?: string } };
}

/** Any definition, whatever its document type (for lists of them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySettingsDefinition = SettingsDefinition<any, any>;

/** Declares a settings document; only gives the type checker a place to infer `T` and `B`. */
export function defineSettings<T, B = T>(definition: SettingsDefinition<T, B>): SettingsDefinition<T, B> {
  return definition;
}
