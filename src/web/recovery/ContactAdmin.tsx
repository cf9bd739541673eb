import { Link, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveryApi } from '../recovery/flow';
import type { Helpdesk } from '../../shared/recovery.js';
import { Problem, useRetryAfter } from '../recovery/Problem';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

type ContactState = { status: 'idle' } | { status: 'pending' } | { status: 'done'; helpdesk: Helpdesk } | { status: 'error'; error: unknown };

/**
 * "Contact your administrator": asks the server to pass the request on (or to say where the
 * organisation's helpdesk is). Needs a flow; on the first step `getFlowId` starts one.
 */
export function useContactAdmin(getFlowId: () => Promise<string | null>, handleError: (err: unknown) => boolean) {
  const [state, setState] = useState<ContactState>({ status: 'idle' });
  const contact = async (openUrl: boolean) => {
    setState({ status: 'pending' });
    try {
      const id = await getFlowId();
      if (!id) return setState({ status: 'idle' });
      const { helpdesk } = await recoveryApi.contactAdmin(id);
      setState({ status: 'done', helpdesk });
      if (openUrl && helpdesk.kind === 'url') window.open(helpdesk.url, '_blank', 'noopener,noreferrer');
    } catch (err) {
      setState(handleError(err) ? { status: 'idle' } : { status: 'error', error: err });
    }
  };
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, contact, reset };
}

interface Props {
  /** The flow's helpdesk, when a flow exists: a custom helpdesk page is then a plain link. */
  helpdesk: Helpdesk | null;
  contact: ReturnType<typeof useContactAdmin>;
}

export function ContactAdmin({ helpdesk, contact }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { state } = contact;
  const wait = useRetryAfter(state.status === 'error' ? state.error : null);

  let result = null;
  if (state.status === 'done') {
    const h = state.helpdesk;
    result = (
      <MessageBar intent={h.kind === 'default' ? 'success' : 'info'} layout="multiline" role="status">
        <MessageBarBody>
          {h.kind === 'default' ? (
            t('portal.contact.sent')
          ) : h.kind === 'email' ? (
            <>
              {t('portal.contact.email')}{' '}
              <Link href={`mailto:${h.address}`} inline>
                {h.address}
              </Link>
            </>
          ) : (
            <>
              {t('portal.contact.url')}{' '}
              <Link href={h.url} target="_blank" rel="noopener noreferrer" inline>
                {t('portal.contact.openUrl')}
              </Link>
            </>
          )}
        </MessageBarBody>
      </MessageBar>
    );
  }

  const label = t('portal.contact.link');
  const link =
    helpdesk?.kind === 'url' ? (
      // A real link, so the browser opens the helpdesk page itself; the request is recorded too.
      <Link href={helpdesk.url} target="_blank" rel="noopener noreferrer" onClick={() => void contact.contact(false)}>
        {label}
      </Link>
    ) : (
      <Link as="button" disabled={state.status === 'pending' || wait > 0} onClick={() => void contact.contact(true)}>
        {label}
      </Link>
    );

  return (
    <section className={styles.root} aria-label={label}>
      {result}
      {state.status === 'error' ? <Problem error={state.error} secondsLeft={wait} /> : null}
      {/* Once answered, the message says what happens next; asking again changes nothing. */}
      {state.status === 'done' ? null : (
        <div className={styles.row}>
          {link}
          {state.status === 'pending' ? <Spinner size="extra-tiny" aria-label={t('portal.contact.sending')} /> : null}
        </div>
      )}
    </section>
  );
}
