/* Admin password reset, single and bulk (`/users/{id}/reset-password`, `/password-reset-jobs`). */

/** The options of an admin reset, single or bulk. */
export interface ResetOptions {
  autoGenerate: boolean;
  password?: string;
  forceChangePasswordNextSignIn: boolean;
  /** Graph: MFA first at next sign-in, then the forced change (single reset; issue 17). */
  forceChangePasswordNextSignInWithMfa?: boolean;
  /** Single reset only: mail the user a link to set their own password. */
  sendLink?: boolean;
  /** Email the result to the admin and/or named recipients (issue 13; not with `sendLink`). */
  emailResult?: EmailResultOptions;
}

/** "Email the password to the following recipients": verified domains only, at most 5, never the user's own address. */
export interface EmailResultOptions {
  toMe?: boolean;
  recipients?: string[];
}

/** `cancelled`: its creator lost the role (or was disabled) while it ran; the users left were skipped. */
export const resetJobStatuses = ['running', 'completed', 'cancelled'] as const;
export type ResetJobStatus = (typeof resetJobStatuses)[number];

export const resetItemStatuses = ['pending', 'reset', 'skipped', 'failed'] as const;
export type ResetItemStatus = (typeof resetItemStatuses)[number];

/** `GET /password-reset-jobs/{id}`. */
export interface PasswordResetJob {
  id: string;
  status: ResetJobStatus;
  total: number;
  counts: { pending: number; reset: number; skipped: number; failed: number };
  createdBy: string;
  createdDateTime: string;
  finishedDateTime: string | null;
  autoGenerate: boolean;
  forceChangePasswordNextSignIn: boolean;
  /** A running job whose directory is down waits until then, then resumes (issue 14); null when not paused. */
  pausedUntil: string | null;
  /** Why it waits: `directory.unavailable`. */
  pausedReason: string | null;
}

/** One user's outcome in a bulk reset (`GET /password-reset-jobs/{id}/items`). */
export interface PasswordResetJobItem {
  seq: number;
  userId: string | null;
  userPrincipalName: string;
  status: ResetItemStatus;
  /** not_permitted, self, not_found, or the policy codes (space separated) of a failure. */
  reason: string | null;
  passwordAvailable: boolean;
}

/** A generated password, shown once. */
export interface GeneratedPassword {
  userPrincipalName: string;
  password: string;
}
