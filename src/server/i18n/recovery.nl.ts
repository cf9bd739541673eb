import type { recoveryEn } from './recovery.en.js';

/** Nederlandse teksten van self-service wachtwoordherstel: beveiligingsgegevens, het herstelportaal, de mail. */
export const recoveryNl: Record<keyof typeof recoveryEn, string> = {};
