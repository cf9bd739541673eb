/**
 * Active Directory's unicodePwd value: the password in double quotes, encoded as UTF-16LE
 * (MS-ADTS 3.1.1.3.1.5.1). AD accepts it only over an encrypted connection (ldaps or StartTLS;
 * the configuration refuses anything else, checklist T1).
 */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}
