/**
 * The initials an Avatar shows, as Microsoft 365 does: the first letter of the first name and of
 * the last capitalised part of the name, so Dutch tussenvoegsels ("van der", "de", "ter") are
 * skipped — "Anne van der Heijden" is AH, "Chloë van Wijk" CW. A part in brackets ("(Contoso)")
 * and parts that do not start with a letter (emoji, numbers) are ignored; a single name gives one
 * letter; a name without letters gives '' (the Avatar then shows its person icon).
 */
export function initials(name: string | null | undefined): string {
  const words = (name ?? '')
    .normalize('NFC')
    .replace(/[([{][^)\]}]*[)\]}]/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}]+/u, ''))
    .filter((word) => /^\p{L}/u.test(word));
  const first = words[0];
  if (!first) return '';
  const rest = words.slice(1);
  const last = rest.filter((word) => isCapitalised(word)).pop() ?? rest.pop();
  return [first, last]
    .filter((word): word is string => !!word)
    .map((word) => initial(word))
    .join('');
}

/** The first letter, upper case (a whole code point: "Ölçer", not half of a surrogate pair). */
function initial(word: string): string {
  return [...word][0]!.toLocaleUpperCase();
}

function isCapitalised(word: string): boolean {
  const letter = [...word][0]!;
  return letter !== letter.toLocaleLowerCase() && letter === letter.toLocaleUpperCase();
}
