import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as nl from '@zxcvbn-ts/language-nl-be';
import type { Locale } from '../../i18n/index.js';

export interface Strength {
  /** 0 (too guessable) to 4 (very unguessable), zxcvbn's scale. */
  score: number;
  guessesLog10: number;
  warning: string | null;
  suggestions: string[];
}

let factory: ZxcvbnFactory | undefined;

/** One estimator for both languages: zxcvbn returns translation keys, translated per request below. */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    // The common-word lists, not the large Wikipedia and surname lists: estimates stay close and
    // checks stay in single-digit milliseconds on the event loop.
    dictionary: {
      ...common.dictionary,
      'commonWords-en': en.dictionary['commonWords-en'],
      'firstnames-en': en.dictionary['firstnames-en'],
      commonWords: nl.dictionary.commonWords,
    },
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions: 4,
  });
  return factory;
}

type Translations = { warnings: Record<string, string>; suggestions: Record<string, string> };
const translations: Record<Locale, Translations> = {
  en: en.translations,
  nl: nl.translations,
};

/** zxcvbn is superlinear in length; the first 100 characters decide the estimate well enough. */
const ESTIMATE_PREFIX = 100;

/** A strength estimate with localised feedback, for the meter beside the policy's verdict. */
export function estimateStrength(password: string, locale: Locale, userInputs: string[] = []): Strength {
  const result: ZxcvbnResult = estimator().check(password.slice(0, ESTIMATE_PREFIX), userInputs);
  const text = translations[locale];
  return {
    score: result.score,
    guessesLog10: Math.round(result.guessesLog10 * 100) / 100,
    warning: result.feedback.warning ? (text.warnings[result.feedback.warning] ?? result.feedback.warning) : null,
    suggestions: result.feedback.suggestions.map((s) => text.suggestions[s] ?? s),
  };
}
