/* The body of every error answer: shared by the server (http/problem.ts) and the web app's ApiError. */

/** One problem with one field of the request; `message` is localised from Accept-Language. */
export interface ProblemIssue {
  path: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details with Latchkey's extensions `code` (stable, an i18n key) and `issues`. */
export interface Problem {
  type: string;
  /** Localised. */
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance: string;
  issues?: ProblemIssue[];
}
