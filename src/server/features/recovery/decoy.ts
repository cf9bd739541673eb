import { createHmac } from 'node:crypto';
import { maskEmail, maskPhone } from '../verification/methods.js';
import type { MethodKind } from '../../../shared/methods.js';
import { predefinedQuestionIds } from './questions.js';
import type { OfferedMethod } from './flow.js';

/**
 * What the portal shows for a name that can't reset (unknown, or without registered methods):
 * plausible masked destinations derived from a keyed hash of the name, so the same name always
 * gets the same answer and nobody can tell it from a real account by asking twice (checklist R1).
 */
export function decoyMethods(secret: string, nameKey: string, available: MethodKind[], methodsRequired: number): OfferedMethod[] {
  const bytes = createHmac('sha256', secret).update(`recovery-decoy:${nameKey}`).digest();
  const letter = (i: number) => String.fromCharCode(97 + (bytes[i]! % 26));
  const nonQuestion = available.filter((k) => k !== 'securityQuestions');
  const chosen = nonQuestion.filter((_, i) => (bytes[20 + i]! & 1) === 1);
  for (const kind of nonQuestion) if (chosen.length < Math.max(1, methodsRequired) && !chosen.includes(kind)) chosen.push(kind);
  const ordered: MethodKind[] = nonQuestion.filter((k) => chosen.includes(k));
  if (available.includes('securityQuestions') && methodsRequired === 2 && (bytes[30]! & 1) === 1) ordered.push('securityQuestions');
  const tlds = ['.com', '.nl', '.org', '.net', '.eu', '.be'];
  const countryCodes = ['+31', '+32', '+44', '+49', '+1', '+33'];
  const digits = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(bytes[from + i]! % 10)).join('');
  return ordered.map((method): OfferedMethod => {
    switch (method) {
      case 'email':
        return {
          method,
          destination: maskEmail(
            `${letter(0)}${'x'.repeat(3 + (bytes[1]! % 8))}@${letter(2)}${'x'.repeat(3 + (bytes[3]! % 9))}${tlds[bytes[4]! % tlds.length]}`,
          ),
          methodId: null,
        };
      case 'mobilePhone':
      case 'officePhone':
        return {
          method,
          destination: maskPhone(`${countryCodes[bytes[method === 'mobilePhone' ? 5 : 6]! % countryCodes.length]}${digits(7, 9)}`),
          methodId: null,
        };
      case 'authenticatorApp':
      case 'securityQuestions':
        return { method, destination: null, methodId: null };
    }
  });
}

/** A decoy flow's questions are drawn like real ones, from the predefined set. */
export const decoyQuestionPool: readonly string[] = predefinedQuestionIds;
