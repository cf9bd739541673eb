/* A small LDIF reader for ldapsearch -LLL output (the slapd harness's readEntry). */

/** Attribute name → values, names as the server spells them (e.g. pwdAccountLockedTime). */
export type LdifAttributes = Record<string, string[]>;

/** Parses LDIF records (folded lines, base64 `::` values) into DN + attributes. */
export function parseLdif(text: string): { dn: string; attributes: LdifAttributes }[] {
  const unfolded = text.replace(/\r?\n /g, '');
  const records: { dn: string; attributes: LdifAttributes }[] = [];
  for (const block of unfolded.split(/\n\s*\n/)) {
    let dn = '';
    const attributes: LdifAttributes = {};
    for (const line of block.split('\n')) {
      const m = /^([^:#\s][^:]*)(::?) ?(.*)$/.exec(line);
      if (!m) continue;
      const [, name = '', sep, raw = ''] = m;
      const value = sep === '::' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (name === 'dn') dn = value;
      else (attributes[name] ??= []).push(value);
    }
    if (dn) records.push({ dn, attributes });
  }
  return records;
}
