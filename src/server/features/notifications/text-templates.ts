import { isLocale, t, type Locale } from '../../i18n/index.js';
import type { smsEn } from '../../i18n/sms.en.js';
import type { MailContext } from './mail-render.js';

/** A text message to a mobile phone, or a text-to-speech voice call to an office phone. */
export type TextKind = 'sms' | 'voice';

/** What a text needs from the mail context: the organisation's name and the payload unsealer. */
export type TextContext = Pick<MailContext, 'organizationName' | 'unseal'>;

type Payload = Record<string, string | number | boolean | null>;
type SmsKey = keyof typeof smsEn;

/**
 * The texts Latchkey sends to phones, each the i18n key of its first sentence per kind. Every
 * template takes the payload `{ sealedCode, expiresInMinutes }`: the code sealed with the
 * 'mail-payload' purpose (as the mail templates' tokens are, so it is never stored in clear) and
 * the code's lifetime in whole minutes.
 */
const textTemplates = {
  'recovery-code': { sms: 'sms.recovery_code', voice: 'sms.voice.recovery_code' },
  'method-verification-code': { sms: 'sms.verification_code', voice: 'sms.voice.verification_code' },
} as const satisfies Record<string, Record<TextKind, SmsKey>>;

export type TextTemplateName = keyof typeof textTemplates;

/** Texts that carry no code: an admin changed the account's mobile number (to the old and the new number, checklist N4). */
const noticeTexts = { 'contact-details-changed': 'sms.contact_changed' } as const;

export function isTextTemplateName(name: string): name is TextTemplateName {
  return Object.hasOwn(textTemplates, name);
}

/**
 * Renders a queued text in its recipient's language. A voice call speaks the code digit by digit
 * (separated by spaces, which text-to-speech engines read one by one) and repeats it once.
 * @throws Error for an unknown template or an unusable payload (the worker records it; the
 *   message never contains the code)
 */
export function renderText(template: string, localeName: string, payload: Payload, ctx: TextContext, kind: TextKind): string {
  const locale: Locale = isLocale(localeName) ? localeName : 'en';
  // A notice without a code (checklist N4): one sentence, the same for a text and a call.
  if (Object.hasOwn(noticeTexts, template)) return t(locale, noticeTexts[template as keyof typeof noticeTexts], { organization: ctx.organizationName });
  if (!isTextTemplateName(template)) throw new Error(`unknown text template ${template}`);
  if (typeof payload.sealedCode !== 'string') throw new Error(`text template ${template} needs a sealedCode`);
  const minutes = payload.expiresInMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1)
    throw new Error(`text template ${template} needs expiresInMinutes, a whole number of minutes`);
  const code = ctx.unseal(payload.sealedCode);
  const params = { organization: ctx.organizationName, code: kind === 'voice' ? [...code].join(' ') : code };
  return [
    t(locale, textTemplates[template][kind], params),
    ...(kind === 'voice' ? [t(locale, 'sms.voice.repeat', params)] : []),
    minutes === 1 ? t(locale, 'sms.expires.one') : t(locale, 'sms.expires.other', { minutes }),
    t(locale, 'sms.do_not_share'),
  ].join(' ');
}
