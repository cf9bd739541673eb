import { Title2, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useDocumentTitle } from './useDocumentTitle';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}`,
    maxWidth: '1400px',
    '@media (max-width: 640px)': { padding: tokens.spacingHorizontalL },
  },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  subtitle: { color: tokens.colorNeutralForeground2 },
});

/** A page inside the frame: its title is the page's only h1 and the document title. */
export function Page({ title, subtitle, breadcrumb, children }: { title: string; subtitle?: string; breadcrumb?: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  useDocumentTitle(title);
  return (
    <div className={styles.page}>
      <div className={styles.header}>
        {breadcrumb}
        <Title2 as="h1">{title}</Title2>
        {subtitle ? <Text className={styles.subtitle}>{subtitle}</Text> : null}
      </div>
      {children}
    </div>
  );
}
