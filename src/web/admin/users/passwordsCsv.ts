import type { GeneratedPassword } from '../../../shared/admin-reset.js';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or outer space. The
 * value is never altered (no spreadsheet-formula prefix): a password must come out exactly as it is.
 */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `userPrincipalName,password` and one line per user, CRLF as RFC 4180 says. */
export function passwordsCsv(items: readonly GeneratedPassword[]): string {
  return ['userPrincipalName,password', ...items.map((i) => `${csvField(i.userPrincipalName)},${csvField(i.password)}`)].join('\r\n') + '\r\n';
}

/** Saves the passwords as a CSV file made in the browser (a Blob URL, revoked right after). Nothing is sent anywhere. */
export function downloadPasswordsCsv(items: readonly GeneratedPassword[], fileName: string): void {
  const blob = new Blob([passwordsCsv(items)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Copies text to the clipboard; falls back to a hidden textarea where the Clipboard API is unavailable. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall back below
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/**
 * Prints only the given element: a copy of it goes into `#print-root` at the end of the body, and
 * the print stylesheet (styles.css) hides everything else while `body.printing`. The copy is
 * removed after printing, so the passwords do not stay in the page.
 */
export function printElement(element: HTMLElement | null): void {
  if (!element) return;
  document.getElementById('print-root')?.remove();
  const root = document.createElement('div');
  root.id = 'print-root';
  root.appendChild(element.cloneNode(true));
  document.body.appendChild(root);
  document.body.classList.add('printing');
  let cleaned = false;
  const done = () => {
    if (cleaned) return;
    cleaned = true;
    document.body.classList.remove('printing');
    root.remove();
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
  // Where print() does not block and afterprint does not come, clean up a little later.
  window.setTimeout(done, 60_000);
}
