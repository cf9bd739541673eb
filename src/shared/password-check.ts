/* `POST /password-policy/check`: shared by the server and the web app. */
import type { PasswordRules } from './password-rules.js';

/** One policy problem, localised by the server from Accept-Language. */
export interface PasswordProblem {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** `POST /password-policy/check`. */
export interface PasswordCheckResult {
  accepted: boolean;
  /** Entra banned-password score; at least 5 passes. */
  score: number;
  problems: PasswordProblem[];
  rules: PasswordRules;
  strength: { score: 0 | 1 | 2 | 3 | 4; guessesLog10: number; warning: string | null; suggestions: string[] };
  /** The breached-password check; absent when it did not run (off, no source, or the rules are not met yet). */
  breached?: 'clean' | 'found' | 'unavailable';
}
