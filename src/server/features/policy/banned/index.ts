/** Entra-style banned-password check (reference §8); see docs/banned-passwords.md. */
export { buildBannedIndex, type BannedIndex } from './banned-index.js';
export { validateCustomTerms } from './custom-terms.js';
export { evaluateBanned, type BannedContext, type BannedMatch, type BannedVerdict } from './evaluate.js';
export { globalBannedIndex } from './global-list.js';
export {
  CONTEXT_TERM_MIN_LENGTH,
  CUSTOM_TERMS_MAX,
  MIN_BANNED_SCORE,
  PASSPHRASE_MIN_LENGTH,
  PRODUCT_TERMS,
  TERM_MAX_LENGTH,
  TERM_MIN_LENGTH,
} from './limits.js';
export { BANNED_SUBSTITUTIONS, normalizeForBanned } from './normalize.js';
