import { categoryCount, nonEntraCharacters, passwordLength } from '../../../shared/password-rules.js';
import type { PasswordRules } from '../../../shared/password-rules.js';

export type RuleId = 'minLength' | 'maxLength' | 'characters' | 'categories';

export interface RuleState {
  id: RuleId;
  met: boolean;
  /** The server's problem code for this rule: its message is not repeated while the rule shows as unmet. */
  code: string;
}

/**
 * The checklist for the policy's composition rules, ticked on the client for instant feedback.
 * The server's check stays authoritative (banned words, history, personal information).
 * The maximum length is listed only once it is exceeded.
 */
export function evaluateRules(password: string, rules: PasswordRules): RuleState[] {
  const length = passwordLength(password);
  const out: RuleState[] = [{ id: 'minLength', met: length >= rules.minLength, code: 'password.too_short' }];
  if (rules.minCategories > 0) out.push({ id: 'categories', met: categoryCount(password) >= rules.minCategories, code: 'password.complexity' });
  if (rules.entraCharacters) out.push({ id: 'characters', met: nonEntraCharacters(password).length === 0, code: 'password.invalid_characters' });
  if (length > rules.maxLength) out.push({ id: 'maxLength', met: false, code: 'password.too_long' });
  return out;
}
