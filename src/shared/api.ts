/* Generic shapes of the JSON API: shared by the server and the web app (no Node-only code here). */

/** A page of a cursor-paged list (`?cursor=`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `success` or `failure`, as the sign-in log and the audit log record it. */
export const outcomes = ['success', 'failure'] as const;
export type Outcome = (typeof outcomes)[number];
