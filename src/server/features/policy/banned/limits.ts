/** Shortest list term, in characters after normalisation (Entra: custom terms are 4–16 characters). */
export const TERM_MIN_LENGTH = 4;
/** Longest list term, in characters after normalisation. */
export const TERM_MAX_LENGTH = 16;
/** Most terms in an organisation's custom list (reference §8.1). */
export const CUSTOM_TERMS_MAX = 1000;
/** The score a password needs to pass (reference §8.2 step 3). */
export const MIN_BANNED_SCORE = 5;
/** Shortest context term (first name, last name, organisation) that is looked for (reference §8.2 step 2). */
export const CONTEXT_TERM_MIN_LENGTH = 4;
/** Shortest password substring that can be an occurrence of a list term. */
export const OCCURRENCE_MIN_LENGTH = 4;
/**
 * Shortest password, in characters after normalisation, that may contain a context term (a name,
 * the user name, the email local part) and still pass: a long passphrase that merely contains a
 * name is not rejected for it when the rest scores enough on its own (checklist P6; NIST compares
 * the whole password). Shorter passwords are rejected for any context term, as Entra does.
 */
export const PASSPHRASE_MIN_LENGTH = 20;

/** The product's own name, a context term in every profile like the organisation's (checklist P6: `<product>2025!`). */
export const PRODUCT_TERMS: readonly string[] = ['Latchkey'];
