import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useEffectEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CodeEntry } from '../recovery/CodeEntry';
import { recoveryApi } from '../recovery/flow';
import { isCodeMethod } from '../../shared/methods.js';
import type { SavedFlow } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import type { MethodKind } from '../../shared/methods.js';
import { StepActions, StepHeading, useMethodLabel } from '../recovery/parts';
import { Problem, useRetryAfter } from '../recovery/Problem';
import { QuestionsForm } from '../recovery/QuestionsForm';
import { PasskeyProof } from '../recovery/PasskeyProof';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    borderRadius: tokens.borderRadiusMedium,
  },
  destination: { fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
});

interface Props {
  flow: FlowView;
  saved: SavedFlow;
  onFlow: (flow: FlowView, patch?: Partial<Omit<SavedFlow, 'id'>>) => void;
  handleError: (err: unknown) => boolean;
  onCancel: () => void;
}

/** Step 2 (once or twice): choose a method, get or read a code (or answer questions), verify. */
export function VerifyStep({ flow, saved, onFlow, handleError, onCancel }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const label = useMethodLabel();
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const wait = useRetryAfter(error);

  const round = flow.proven.length;
  const choices = flow.methods.filter((m) => !flow.proven.includes(m.method));
  // Security questions never prove identity on their own: only as the second method.
  const selectable = (method: MethodKind) => method !== 'securityQuestions' || round > 0;
  const remembered = choices.find((c) => c.method === saved.method && selectable(c.method));
  const current = remembered ?? choices.find((c) => selectable(c.method)) ?? null;
  const sent = !!remembered && saved.sent;

  const send = async (method: MethodKind) => {
    setError(null);
    setSending(true);
    try {
      onFlow(await recoveryApi.send(flow.id, method), { method, sent: true });
    } catch (err) {
      if (!handleError(err)) setError(err);
    } finally {
      setSending(false);
    }
  };

  // Choosing the questions draws them straight away.
  const needQuestions = current?.method === 'securityQuestions' && !flow.questions?.length && !sending && !error;
  const drawQuestions = useEffectEvent(() => void send('securityQuestions'));
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a request to the server (an external system); its pending flag is set as it starts
    if (needQuestions) drawQuestions();
  }, [needQuestions]);

  const choose = (method: MethodKind) => {
    setError(null);
    onFlow(flow, { method, sent: false });
  };
  const verified = (view: FlowView) => onFlow(view, { method: null, sent: false });

  let panel = null;
  if (current && isCodeMethod(current.method)) {
    const m = current.method;
    panel = (
      <div className={styles.panel} data-testid="method-panel">
        <Text as="p">
          <Trans
            i18nKey={`portal.methods.${m}.${sent ? 'sent' : 'description'}`}
            values={{ destination: current.destination ?? '•••' }}
            components={{ b: <span className={styles.destination} /> }}
          />
        </Text>
        {error ? <Problem error={error} secondsLeft={wait} /> : null}
        {sent ? (
          <CodeEntry
            key={`${m}:${round}`}
            flowId={flow.id}
            method={m}
            digits={8}
            autoFocus
            onVerified={verified}
            handleError={handleError}
            extra={
              <Button appearance="subtle" disabled={sending || wait > 0} onClick={() => void send(m)}>
                {t(`portal.methods.${m}.again`)}
              </Button>
            }
          />
        ) : (
          <div>
            <Button appearance="primary" disabled={sending || wait > 0} icon={sending ? <Spinner size="tiny" /> : undefined} onClick={() => void send(m)}>
              {t(`portal.methods.${m}.action`)}
            </Button>
          </div>
        )}
      </div>
    );
  } else if (current?.method === 'authenticatorApp') {
    panel = (
      <div className={styles.panel} data-testid="method-panel">
        <Text as="p">{t('portal.methods.authenticatorApp.description')}</Text>
        <CodeEntry key={`app:${round}`} flowId={flow.id} method="authenticatorApp" digits={6} onVerified={verified} handleError={handleError} />
      </div>
    );
  } else if (current?.method === 'passkey') {
    panel = (
      <div className={styles.panel} data-testid="method-panel">
        <PasskeyProof key={`passkey:${round}`} flowId={flow.id} onVerified={verified} handleError={handleError} />
      </div>
    );
  } else if (current?.method === 'securityQuestions') {
    panel = (
      <div className={styles.panel} data-testid="method-panel">
        <Text as="p">{t('portal.methods.securityQuestions.description')}</Text>
        {error ? <Problem error={error} secondsLeft={wait} /> : null}
        {flow.questions?.length ? (
          <QuestionsForm
            key={`questions:${round}`}
            flowId={flow.id}
            questions={flow.questions}
            onVerified={verified}
            onRedrawn={(view) => onFlow(view, { method: 'securityQuestions', sent: true })}
            handleError={handleError}
          />
        ) : error ? (
          <div>
            <Button onClick={() => void send('securityQuestions')} disabled={wait > 0}>
              {t('portal.verify.loadQuestions')}
            </Button>
          </div>
        ) : (
          <Spinner size="tiny" label={t('portal.verify.loadingQuestions')} />
        )}
      </div>
    );
  }

  return (
    <div className={styles.root}>
      <StepHeading>
        {flow.methodsRequired > 1 ? t('portal.verify.heading', { number: round + 1, total: flow.methodsRequired }) : t('portal.verify.headingSingle')}
      </StepHeading>
      {round > 0 ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{t('portal.verify.firstDone')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {current ? (
        <Field label={t('portal.verify.choose')}>
          <RadioGroup className={styles.group} value={current.method} onChange={(_, d) => choose(d.value as MethodKind)}>
            {choices.map((c) => (
              <Radio
                key={c.method}
                value={c.method}
                label={selectable(c.method) ? label(c.method) : `${label(c.method)} (${t('portal.verify.questionsLater')})`}
                disabled={!selectable(c.method)}
              />
            ))}
          </RadioGroup>
        </Field>
      ) : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('portal.verify.noMethods')}</MessageBarBody>
        </MessageBar>
      )}
      {panel}
      <StepActions primary={null} onCancel={onCancel} />
    </div>
  );
}
