import { hmac } from '../../core/crypto.js';
import type { Locale } from '../../i18n/index.js';
import { customQuestionId, type SsprSettings } from './settings.js';

/**
 * The predefined security questions, in English and Dutch (Entra offers 35, localised by browser
 * language; reference §7.5). Written for this project; ids are stable because answers refer to them.
 */
const predefined: Record<string, Record<Locale, string>> = {
  q01: { en: 'In which city was your first job?', nl: 'In welke plaats had u uw eerste baan?' },
  q02: { en: 'What was the name of your first pet?', nl: 'Hoe heette uw eerste huisdier?' },
  q03: { en: 'What was the first concert you went to?', nl: 'Wat was het eerste concert waar u naartoe ging?' },
  q04: { en: 'What is the first name of your oldest cousin?', nl: 'Wat is de voornaam van uw oudste neef of nicht?' },
  q05: { en: 'In which street did you live when you were ten?', nl: 'In welke straat woonde u toen u tien was?' },
  q06: { en: 'What was the make of your first car or bicycle?', nl: 'Welk merk was uw eerste auto of fiets?' },
  q07: { en: 'What was the name of your primary school?', nl: 'Hoe heette uw basisschool?' },
  q08: { en: 'What is the middle name of your oldest sibling?', nl: 'Wat is de tweede voornaam van uw oudste broer of zus?' },
  q09: { en: 'In which town did your parents meet?', nl: 'In welke plaats hebben uw ouders elkaar ontmoet?' },
  q10: { en: 'What was your childhood nickname?', nl: 'Wat was uw bijnaam als kind?' },
  q11: { en: 'What was the first book you remember reading?', nl: 'Wat is het eerste boek dat u zich herinnert te hebben gelezen?' },
  q12: { en: 'What is the name of the hospital where you were born?', nl: 'Hoe heet het ziekenhuis waar u bent geboren?' },
  q13: { en: 'Who was your favourite teacher at secondary school?', nl: 'Wie was uw favoriete docent op de middelbare school?' },
  q14: { en: 'Where did you go on your first holiday abroad?', nl: 'Waar ging u naartoe op uw eerste vakantie in het buitenland?' },
  q15: { en: 'What was the name of your first employer?', nl: 'Hoe heette uw eerste werkgever?' },
  q16: { en: 'What was the name of your first stuffed toy?', nl: 'Hoe heette uw eerste knuffel?' },
  q17: { en: 'In which city was your mother born?', nl: 'In welke plaats is uw moeder geboren?' },
  q18: { en: 'In which city was your father born?', nl: 'In welke plaats is uw vader geboren?' },
  q19: { en: 'What was the first film you saw in a cinema?', nl: 'Wat was de eerste film die u in de bioscoop zag?' },
  q20: { en: 'What is the first name of your best friend from childhood?', nl: 'Wat is de voornaam van uw beste jeugdvriend of -vriendin?' },
  q21: { en: 'Which sports club were you first a member of?', nl: 'Van welke sportclub was u voor het eerst lid?' },
  q22: { en: 'What was the name of the street your grandparents lived on?', nl: 'In welke straat woonden uw grootouders?' },
  q23: { en: 'What was the first musical instrument you learned to play?', nl: 'Welk muziekinstrument leerde u als eerste bespelen?' },
  q24: { en: 'In which town did you spend your first summer job?', nl: 'In welke plaats had u uw eerste vakantiebaan?' },
};

export interface Question {
  id: string;
  text: string;
  custom: boolean;
}

const built = new WeakMap<readonly string[], Partial<Record<Locale, Question[]>>>();

/**
 * The questions users may choose from: the predefined set in `locale`, then the organisation's own.
 * Built once per settings document and language (the reset portal asks on every request).
 */
export function questionCatalog(settings: Pick<SsprSettings, 'customQuestions'>, locale: Locale): Question[] {
  const byLocale = built.get(settings.customQuestions) ?? {};
  built.set(settings.customQuestions, byLocale);
  return (byLocale[locale] ??= [
    ...Object.entries(predefined).map(([id, text]) => ({ id, text: text[locale], custom: false })),
    ...settings.customQuestions.map((text) => ({ id: customQuestionId(text), text: text.trim(), custom: true })),
  ]);
}

export const predefinedQuestionIds = Object.keys(predefined);

/**
 * The questions a reset flow asks: drawn once for the flow and the same every time it asks again,
 * also after a wrong answer (checklist R25c: asking again must not offer other questions to pick
 * from). The pool is ordered by an HMAC of the flow id under the server secret: unpredictable to
 * the person at the portal, yet fixed for the flow without storing the draw. Entra draws anew after
 * a wrong answer (reference §7.5); Latchkey does not (docs/self-service-password-reset.md).
 */
export function questionsForFlow(secret: string, flowId: string, pool: readonly string[], count: number): string[] {
  return [...new Set(pool)]
    .map((id) => ({ id, rank: hmac(secret, `recovery-questions:${flowId}:${id}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, count)
    .map((q) => q.id);
}
