import { errorCodes, type ErrorCode } from './error-codes.js';

/** One problem with one input field; `code` is an i18n key, `params` fill its placeholders. */
export interface Issue {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface AppErrorOptions {
  params?: Record<string, string | number>;
  issues?: Issue[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type services throw. The HTTP layer turns it into RFC 9457 problem+json; the
 * status comes from the catalogue, so a code can never be sent with two different statuses.
 */
export class AppError extends Error {
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly issues: Issue[];
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = errorCodes[code];
    this.params = options.params ?? {};
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
  }
}
