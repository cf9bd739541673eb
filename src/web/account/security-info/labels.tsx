import { CallRegular, KeyMultipleRegular, MailRegular, PhoneKeyRegular, PhoneRegular, QuestionCircleRegular } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import type { ReactElement } from 'react';
import type { MethodKind } from '../../../shared/methods.js';

/** The order in which methods are offered and listed (Entra lists the app first). */
export const METHOD_ORDER: readonly MethodKind[] = ['authenticatorApp', 'passkey', 'mobilePhone', 'officePhone', 'email', 'securityQuestions'];

export function sortKinds(kinds: readonly MethodKind[]): MethodKind[] {
  return [...kinds].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
}

/** A method's name: "Email", "Mobile phone", "Authenticator app"… */
export function methodLabel(t: TFunction, kind: MethodKind): string {
  return t(`securityInfo.kinds.${kind}`);
}

export function MethodIcon({ kind, className }: { kind: MethodKind; className?: string }): ReactElement {
  const props = { className, 'aria-hidden': true as const };
  switch (kind) {
    case 'email':
      return <MailRegular {...props} />;
    case 'mobilePhone':
      return <PhoneRegular {...props} />;
    case 'officePhone':
      return <CallRegular {...props} />;
    case 'authenticatorApp':
      return <PhoneKeyRegular {...props} />;
    case 'securityQuestions':
      return <QuestionCircleRegular {...props} />;
    case 'passkey':
      return <KeyMultipleRegular {...props} />;
  }
}

/** A base32 secret in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** Server-generated SVG as an image source: never inserted into the page as markup. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
