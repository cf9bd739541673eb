import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, CheckmarkRegular, CopyRegular, PrintRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeneratedPassword } from '../../../shared/admin-reset.js';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { copyText, downloadPasswordsCsv, printElement } from './passwordsCsv';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  password: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase300, overflowWrap: 'anywhere', userSelect: 'all' },
  upn: { overflowWrap: 'anywhere' },
  copyCell: { width: '48px' },
  printTitle: { display: 'none' },
});

interface Props {
  passwords: readonly GeneratedPassword[];
  /** The CSV's file name. */
  fileName: string;
}

/**
 * The generated passwords, shown once: a table with a copy button per row, a CSV made in the
 * browser and a printable page (only the table is printed). Nothing is stored: closing the panel
 * that holds this drops them.
 */
export function PasswordResults({ passwords, fileName }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [copied, setCopied] = useState<string | null>(null);
  const printRef = useRef<HTMLDivElement>(null);

  const copy = async (item: GeneratedPassword) => {
    if (await copyText(item.password)) {
      setCopied(item.userPrincipalName);
      window.setTimeout(() => setCopied((c) => (c === item.userPrincipalName ? null : c)), 2000);
    }
  };

  return (
    <div className={styles.root}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('reset.shownOnce', { count: passwords.length })}</MessageBarTitle>
          {t('reset.shownOnceBody', { count: passwords.length })}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.actions}>
        <Button icon={<ArrowDownloadRegular />} onClick={() => downloadPasswordsCsv(passwords, fileName)}>
          {t('reset.downloadCsv')}
        </Button>
        <Button icon={<PrintRegular />} onClick={() => printElement(printRef.current)}>
          {t('reset.print')}
        </Button>
      </div>
      <div ref={printRef}>
        <Text as="h2" weight="semibold" className={styles.printTitle} data-print-title>
          {t('reset.printTitle')}
        </Text>
        <Table aria-label={t('reset.passwordsTable')} size="small" data-testid="generated-passwords">
          <TableHeaderRow
            columns={[t('users.userPrincipalName'), t('reset.password')]}
            actions={t('reset.copy')}
            actionsClassName={`${styles.copyCell} print-hide`}
          />
          <TableBody>
            {passwords.map((item) => (
              <TableRow key={item.userPrincipalName}>
                <TableCell className={styles.upn}>{item.userPrincipalName}</TableCell>
                <TableCell>
                  <span className={styles.password} data-testid="generated-password">
                    {item.password}
                  </span>
                </TableCell>
                <TableCell className={`${styles.copyCell} print-hide`}>
                  <Tooltip content={copied === item.userPrincipalName ? t('reset.copied') : t('reset.copy')} relationship="description">
                    <Button
                      appearance="subtle"
                      icon={copied === item.userPrincipalName ? <CheckmarkRegular /> : <CopyRegular />}
                      aria-label={t('reset.copyFor', { name: item.userPrincipalName })}
                      onClick={() => void copy(item)}
                    />
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <span className="visually-hidden" aria-live="polite">
        {copied ? t('reset.copied') : ''}
      </span>
    </div>
  );
}
