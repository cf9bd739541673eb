import { createHmac } from 'node:crypto';
import { maskEmail, maskPhone } from '../verification/methods.js';
import { isStrongMethod, type MethodKind } from '../../../shared/methods.js';
import { predefinedQuestionIds } from './questions.js';
import type { OfferedMethod } from './flow.js';

/**
 * A keyed stream of uniform choices for one purpose of one name. Each purpose (which methods,
 * the mailbox, the country, each phone) has its own stream, so a decoy's mobile and office
 * numbers share no digits by construction (issue 12 finding 8), and the same name always gets
 * the same answer (checklist R1).
 */
function keyedChoices(secret: string, nameKey: string, purpose: string) {
  let block = 0;
  let bytes = Buffer.alloc(0);
  let at = 0;
  const next = () => {
    if (at >= bytes.length) {
      bytes = createHmac('sha256', secret).update(`recovery-decoy:${nameKey}:${purpose}:${block++}`).digest();
      at = 0;
    }
    return bytes[at++]!;
  };
  /** A uniform integer in [0, n) for n <= 256: rejection sampling, so no value is more likely than another. */
  const below = (n: number) => {
    const limit = 256 - (256 % n);
    for (;;) {
      const b = next();
      if (b < limit) return b % n;
    }
  };
  return { below, pick: <T>(items: readonly T[]): T => items[below(items.length)]! };
}

/**
 * Number plans (ITU-T E.164 national significant numbers) of the countries decoys use, per kind:
 * `N` is a digit 2-9, `X` any digit, anything else literal. Lengths are the real ones: +1 has 10
 * digits, +31 and +33 9, +32 mobiles 9 and landlines 8, +44 10, +49 10 or 11.
 */
const numberPlans: readonly { countryCode: string; mobile: readonly string[]; office: readonly string[] }[] = [
  { countryCode: '1', mobile: ['NXXNXXXXXX'], office: ['NXXNXXXXXX'] },
  { countryCode: '31', mobile: ['6XXXXXXXX'], office: ['10XXXXXXX', '20XXXXXXX', '30XXXXXXX', '40XXXXXXX', '50XXXXXXX', '70XXXXXXX'] },
  { countryCode: '32', mobile: ['47XXXXXXX', '48XXXXXXX', '49XXXXXXX'], office: ['2XXXXXXX', '3XXXXXXX', '9XXXXXXX', '50XXXXXX'] },
  { countryCode: '33', mobile: ['6XXXXXXXX', '7XXXXXXXX'], office: ['1XXXXXXXX', '2XXXXXXXX', '3XXXXXXXX', '4XXXXXXXX', '5XXXXXXXX'] },
  { countryCode: '44', mobile: ['7NXXXXXXXX'], office: ['20XXXXXXXX', '1NXXXXXXXX'] },
  { countryCode: '49', mobile: ['15XXXXXXXXX', '16XXXXXXXX', '17XXXXXXXX', '17XXXXXXXXX'], office: ['30XXXXXXXX', '40XXXXXXXX', '89XXXXXXXX', '69XXXXXXXXX'] },
];

/**
 * A decoy's full phone number for `kind` (E.164), never shown: the portal shows its mask. One
 * country per name (a person's phones usually share one), independent digits per kind.
 */
export function decoyPhone(secret: string, nameKey: string, kind: 'mobilePhone' | 'officePhone'): string {
  const plan = keyedChoices(secret, nameKey, 'country').pick(numberPlans);
  const choices = keyedChoices(secret, nameKey, kind);
  const template = choices.pick(kind === 'mobilePhone' ? plan.mobile : plan.office);
  const digits = [...template].map((c) => (c === 'X' ? String(choices.below(10)) : c === 'N' ? String(2 + choices.below(8)) : c)).join('');
  return `+${plan.countryCode}${digits}`;
}

/**
 * What the portal shows for a name that can't reset (unknown, or without registered methods):
 * plausible masked destinations derived from a keyed hash of the name, so the same name always
 * gets the same answer and nobody can tell it from a real account by asking twice (checklist R1).
 */
export function decoyMethods(secret: string, nameKey: string, available: MethodKind[], methodsRequired: number): OfferedMethod[] {
  const which = keyedChoices(secret, nameKey, 'methods');
  const nonQuestion = available.filter((k) => k !== 'securityQuestions');
  const chosen = nonQuestion.filter(() => which.below(2) === 1);
  for (const kind of nonQuestion) if (chosen.length < Math.max(1, methodsRequired) && !chosen.includes(kind)) chosen.push(kind);
  let ordered: MethodKind[] = nonQuestion.filter((k) => chosen.includes(k));
  // As a real account with MFA would be offered under one required method: its strong methods only (R18, eligibility.ts).
  if (methodsRequired === 1 && ordered.some(isStrongMethod)) ordered = ordered.filter(isStrongMethod);
  if (available.includes('securityQuestions') && methodsRequired === 2 && which.below(2) === 1) ordered.push('securityQuestions');
  return ordered.map((method): OfferedMethod => {
    switch (method) {
      case 'email':
        return { method, destination: maskEmail(decoyEmail(secret, nameKey)), methodId: null };
      case 'mobilePhone':
      case 'officePhone':
        return { method, destination: maskPhone(decoyPhone(secret, nameKey, method)), methodId: null };
      case 'authenticatorApp':
      case 'securityQuestions':
      case 'passkey':
        return { method, destination: null, methodId: null };
    }
  });
}

function decoyEmail(secret: string, nameKey: string): string {
  const c = keyedChoices(secret, nameKey, 'email');
  const letter = () => String.fromCharCode(97 + c.below(26));
  const local = `${letter()}${'x'.repeat(3 + c.below(8))}`;
  const host = `${letter()}${'x'.repeat(3 + c.below(9))}`;
  return `${local}@${host}${c.pick(['.com', '.nl', '.org', '.net', '.eu', '.be'])}`;
}

/** A decoy flow's questions are drawn like real ones, from the predefined set. */
export const decoyQuestionPool: readonly string[] = predefinedQuestionIds;
