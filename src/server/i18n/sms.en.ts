/**
 * English texts of text messages and voice calls (SMS provider). Text messages use only GSM-7
 * characters (a plain ' rather than a typographic apostrophe): one character outside it makes the
 * whole message UCS-2, which halves what fits in one SMS. They carry nothing but the code, the
 * organisation and the expiry.
 */
export const smsEn = {
  'sms.recovery_code': '{organization}: your password reset code is {code}.',
  'sms.verification_code': '{organization}: your code to verify this phone number is {code}.',
  'sms.voice.recovery_code': 'This is {organization}. Your password reset code is {code}.',
  'sms.voice.verification_code': 'This is {organization}. Your code to verify this phone number is {code}.',
  'sms.voice.repeat': 'I repeat: {code}.',
  'sms.expires.one': 'It expires in 1 minute.',
  'sms.expires.other': 'It expires in {minutes} minutes.',
  'sms.do_not_share': "Don't share it.",
} as const;
