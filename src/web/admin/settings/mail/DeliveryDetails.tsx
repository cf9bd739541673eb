import { Badge, Button, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text } from '@fluentui/react-components';
import { MailInboxRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { MailDelivery } from '../../../../shared/mail.js';
import { useDateFormatter } from '../../../shared/format';
import { DetailsList, useReportStyles } from '../../reports/parts';
import { OUTCOME_COLOR, StatusBadge } from './mailParts';
import { templateLabel } from './templateLabel';

/** A delivery's details panel: the message, its status and every attempt to send it. */
export function DeliveryDetails({ delivery: d, onOpenInMailbox }: { delivery: MailDelivery; onOpenInMailbox?: (d: MailDelivery) => void }) {
  const { t } = useTranslation();
  const report = useReportStyles();
  const format = useDateFormatter();
  return (
    <>
      <DetailsList
        rows={[
          { label: t('mail.recipient'), value: d.recipient },
          { label: t('mail.subject'), value: d.subject },
          { label: t('mail.template'), value: templateLabel(t, d.template) },
          { label: t('mail.templateId'), value: <span className={report.code}>{d.template}</span> },
          { label: t('mail.language'), value: d.locale },
          { label: t('mail.channel'), value: t(`mail.channels.${d.channel}`) },
          { label: t('mail.status'), value: <StatusBadge status={d.status} /> },
          { label: t('mail.attempts'), value: String(d.attempts) },
          { label: t('mail.created'), value: format(d.createdDateTime) },
          { label: t('mail.sent'), value: format(d.sentDateTime) },
          ...(d.nextAttemptDateTime ? [{ label: t('mail.nextAttempt'), value: format(d.nextAttemptDateTime) }] : []),
          { label: t('mail.lastError'), value: d.lastError },
        ]}
      />
      <Subtitle2 as="h3" id="attempts-heading">
        {t('mail.attemptLog')}
      </Subtitle2>
      {d.log.length ? (
        <Table size="small" aria-labelledby="attempts-heading">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('mail.attemptTime')}</TableHeaderCell>
              <TableHeaderCell>{t('mail.attemptOutcome')}</TableHeaderCell>
              <TableHeaderCell>{t('mail.attemptDetail')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {d.log.map((a, index) => (
              <TableRow key={`${a.dateTime}-${index}`}>
                <TableCell>{format(a.dateTime)}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={OUTCOME_COLOR[a.outcome]}>
                    {t(`mail.outcomes.${a.outcome}`)}
                  </Badge>
                </TableCell>
                <TableCell>{a.detail ?? '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text className={report.muted}>{t('mail.noAttempts')}</Text>
      )}
      {onOpenInMailbox && d.status === 'sent' ? (
        <div>
          <Button icon={<MailInboxRegular />} onClick={() => onOpenInMailbox(d)}>
            {t('mail.openInMailbox')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
