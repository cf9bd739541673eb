import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

const useStyles = makeStyles({
  outer: {
    display: 'flex',
    justifyContent: 'center',
    alignItems: 'flex-start',
    flexGrow: 1,
    padding: `clamp(16px, 10vh, 96px) ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXL}`,
    // On a phone the card starts near the top and uses the width (docs/web.md, "Phone layout").
    '@media (max-width: 640px)': { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalXXL}` },
  },
  // Drawn like Fluent's Card without its code (focus management a static box does not need): the
  // sign-in page's first load is budgeted (docs/web.md, First load and caching).
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusMedium,
    width: '100%',
    maxWidth: '440px',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    boxShadow: tokens.shadow16,
    '@media (max-width: 640px)': { padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}` },
  },
});

/** The narrow card used by the sign-in and account-recovery pages, like Microsoft's sign-in box. */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  useDocumentTitle(title);
  return (
    <main id="main" className={styles.outer} tabIndex={-1}>
      <div className={styles.card}>{children}</div>
    </main>
  );
}
