import { Card, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

const useStyles = makeStyles({
  outer: {
    display: 'flex',
    justifyContent: 'center',
    alignItems: 'flex-start',
    flexGrow: 1,
    padding: `clamp(16px, 10vh, 96px) ${tokens.spacingHorizontalL} ${tokens.spacingVerticalXXL}`,
  },
  card: {
    width: '100%',
    maxWidth: '440px',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXL}`,
    boxShadow: tokens.shadow16,
  },
});

/** The narrow card used by the sign-in and account-recovery pages, like Microsoft's sign-in box. */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  useDocumentTitle(title);
  return (
    <main id="main" className={styles.outer} tabIndex={-1}>
      <Card className={styles.card}>{children}</Card>
    </main>
  );
}
