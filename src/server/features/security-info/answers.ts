import type { Issue } from '../../core/errors.js';
import type { User } from '../../core/identity.js';
import { questionCatalog } from '../recovery/questions.js';
import type { SsprSettings } from '../recovery/settings.js';
import { isTrivialAnswer, normalizeAnswer } from '../verification/methods.js';

/** What is wrong with a set of security-question answers (checklist R25d, R25f), as localisable issues. */
export function answerIssues(answers: { questionId: string; answer: string }[], settings: SsprSettings, user: User): Issue[] {
  const issues: Issue[] = [];
  const known = new Set(questionCatalog(settings, 'en').map((q) => q.id));
  if (answers.length < settings.questionsToRegister)
    issues.push({ path: 'answers', code: 'security_info.too_few_answers', params: { minimum: settings.questionsToRegister } });
  const names = [user.userPrincipalName, user.userPrincipalName.split('@')[0] ?? '', user.displayName, user.givenName ?? '', user.surname ?? '']
    .map(normalizeAnswer)
    .filter((n) => n.length >= 3);
  const questions = new Set<string>();
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    const path = `answers.${i}`;
    if (!known.has(a.questionId)) issues.push({ path: `${path}.questionId`, code: 'security_info.question_unknown' });
    else if (questions.has(a.questionId)) issues.push({ path: `${path}.questionId`, code: 'security_info.question_duplicate' });
    questions.add(a.questionId);
    const answer = normalizeAnswer(a.answer);
    if ([...answer].length < 3) issues.push({ path: `${path}.answer`, code: 'security_info.answer_too_short', params: { minimum: 3 } });
    else if ([...answer].length > 40) issues.push({ path: `${path}.answer`, code: 'security_info.answer_too_long', params: { maximum: 40 } });
    else if (seen.has(answer)) issues.push({ path: `${path}.answer`, code: 'security_info.answer_duplicate' });
    else if (names.includes(answer)) issues.push({ path: `${path}.answer`, code: 'security_info.answer_like_username' });
    else if (isTrivialAnswer(answer)) issues.push({ path: `${path}.answer`, code: 'security_info.answer_too_simple' });
    seen.add(answer);
  });
  return issues;
}
