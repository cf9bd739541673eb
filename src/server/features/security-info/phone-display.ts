/*
 * Phone numbers as Microsoft Graph shows them on phoneAuthenticationMethod (issue 15): the country
 * calling code, a space, then the national number ("+1 5555551234"). Latchkey stores E.164
 * ("+15555551234"); the split follows the ITU-T E.164 assignment of calling codes: 1 and 7 are one
 * digit, the two-digit codes below, every other code three digits.
 */

const twoDigitCodes = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** The country calling code of an E.164 number (without '+'), or null when the number is not E.164. */
export function callingCode(e164: string): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) return null;
  const digits = e164.slice(1);
  if (digits[0] === '1' || digits[0] === '7') return digits[0];
  return twoDigitCodes.has(digits.slice(0, 2)) ? digits.slice(0, 2) : digits.slice(0, 3);
}

/** "+15555551234" -> "+1 5555551234"; anything not E.164 is returned as stored. */
export function graphPhoneNumber(e164: string): string {
  const code = callingCode(e164);
  return code ? `+${code} ${e164.slice(1 + code.length)}` : e164;
}

/**
 * The masked form an Authentication Administrator sees (Graph masks numbers for that role): the
 * country code and the last two digits stay, every other digit becomes X, so the length still
 * shows ("+1 XXXXXXXX34"). Two digits are what Entra's own masked displays keep: enough for the
 * admin to match what the user reads out, too few to call or text the number.
 */
export function maskedGraphPhoneNumber(e164: string): string {
  const code = callingCode(e164);
  const national = code ? e164.slice(1 + code.length) : e164.replace(/^\+/, '');
  const masked = national.length > 2 ? 'X'.repeat(national.length - 2) + national.slice(-2) : 'X'.repeat(national.length);
  return code ? `+${code} ${masked}` : masked;
}
