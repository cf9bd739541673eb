import { Button, MessageBar, MessageBarBody, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { ChoiceStep } from '../recovery/ChoiceStep';
import { ContactAdmin, useContactAdmin } from '../recovery/ContactAdmin';
import { DoneStep, LockedStep } from '../recovery/Endings';
import { StepProgress } from '../recovery/parts';
import { PasswordStep } from '../recovery/PasswordStep';
import { useRecoveryFlow } from '../recovery/useRecoveryFlow';
import { UserIdStep } from '../recovery/UserIdStep';
import type { UserIdStepHandle } from '../recovery/UserIdStep';
import { VerifyStep } from '../recovery/VerifyStep';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/**
 * /recover: self-service password reset, as Entra's "Can't access your account?" portal. The
 * user ID and a proof-of-work CAPTCHA start a flow; one or two verifications (codes by email,
 * text or call, the authenticator app, security questions as the second only) unlock the new
 * password. The flow's token lives in sessionStorage only: a reload resumes, the URL never has it.
 */
export function RecoverPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const recovery = useRecoveryFlow();
  const { flow, saved, locked } = recovery;
  const userIdStep = useRef<UserIdStepHandle>(null);
  // After the proofs, a directory user may choose unlock only (flow.canUnlock): what they chose, for this flow.
  const [chosen, setChosen] = useState<{ id: string; choice: 'reset' | 'unlocked' } | null>(null);
  const choiceOf = (id: string | undefined) => (chosen && chosen.id === id ? chosen.choice : null);
  const contact = useContactAdmin(async () => flow?.id ?? (await userIdStep.current?.start())?.id ?? null, recovery.handleError);

  const startOver = (why: Parameters<typeof recovery.startOver>[0] = null) => {
    contact.reset();
    recovery.startOver(why);
  };
  const backToSignIn = () => {
    startOver();
    void navigate('/sign-in');
  };

  // Focus follows the step (not on the first render, where the user ID box takes it).
  const stepKey = locked ? 'locked' : !flow ? (recovery.resuming ? 'resuming' : 'start') : `${flow.state}:${flow.proven.length}:${choiceOf(flow.id) ?? ''}`;
  const firstStep = useRef(stepKey);
  useEffect(() => {
    if (firstStep.current === stepKey) return;
    firstStep.current = '';
    document.getElementById('recover-step-heading')?.focus();
  }, [stepKey]);

  const username = saved?.username || recovery.lastUsername;
  let content;
  if (locked) {
    content = <LockedStep error={locked} onBack={backToSignIn} />;
  } else if (recovery.resuming) {
    content = <Spinner label={t('portal.resuming')} />;
  } else if (!flow && recovery.resumeError) {
    content = (
      <>
        <ErrorBar error={recovery.resumeError} onRetry={() => recovery.retryResume()} />
        <div>
          <Button onClick={() => startOver()}>{t('portal.startOver')}</Button>
        </div>
      </>
    );
  } else if (!flow) {
    content = (
      <>
        {recovery.notice ? (
          <MessageBar intent="warning" layout="multiline" role="alert">
            <MessageBarBody>{recovery.notice}</MessageBarBody>
          </MessageBar>
        ) : null}
        <UserIdStep
          ref={userIdStep}
          initialUsername={recovery.lastUsername || params.get('username') || ''}
          onStarted={(view, name) => recovery.update(view, { username: name, method: null, sent: false })}
          onAttempt={recovery.clearNotice}
          onCancel={backToSignIn}
        />
      </>
    );
  } else if (flow.state === 'completed') {
    content = <DoneStep username={username} unlocked={choiceOf(flow.id) === 'unlocked'} />;
  } else if (flow.state === 'password' && flow.canUnlock && !choiceOf(flow.id)) {
    content = (
      <ChoiceStep
        flow={flow}
        onReset={() => setChosen({ id: flow.id, choice: 'reset' })}
        onUnlocked={(view) => {
          setChosen({ id: view.id, choice: 'unlocked' });
          recovery.update(view);
        }}
        handleError={recovery.handleError}
        onCancel={backToSignIn}
      />
    );
  } else if (flow.state === 'password') {
    content = (
      <PasswordStep flow={flow} username={username} onFlow={(view) => recovery.update(view)} handleError={recovery.handleError} onCancel={backToSignIn} />
    );
  } else {
    content = (
      <VerifyStep
        flow={flow}
        saved={saved ?? { id: flow.id, username, method: null, sent: false }}
        onFlow={recovery.update}
        handleError={recovery.handleError}
        onCancel={backToSignIn}
      />
    );
  }

  const inFlow = !locked && flow && flow.state !== 'completed';
  return (
    <CenteredCard title={t('portal.title')}>
      <div className={styles.body}>
        <div className={styles.header}>
          <Title2 as="h1">{t('portal.title')}</Title2>
          {inFlow ? <StepProgress required={flow.methodsRequired} proven={flow.proven.length} choosingPassword={flow.state === 'password'} /> : null}
        </div>
        {content}
        {flow?.state === 'completed' && !locked ? null : <ContactAdmin helpdesk={flow?.helpdesk ?? null} contact={contact} />}
      </div>
    </CenteredCard>
  );
}
