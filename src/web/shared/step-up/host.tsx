import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { currentLanguage } from '../../i18n';
import { StepUpDialog, type SecondFactor, type StepUpPost } from './StepUpDialog';

/*
 * The "Verify your identity" dialog (issue 17, step-up), opened by apiFetch when a call answers
 * 403 auth.step_up_required. It lives in a React root of its own, so any page's call can open it
 * without the page knowing; one dialog at a time, shared by calls that ask together.
 */

let root: Root | null = null;
let pending: Promise<boolean> | null = null;

function mount(): Root {
  if (root) return root;
  const node = document.createElement('div');
  node.id = 'step-up-host';
  document.body.appendChild(node);
  root = createRoot(node);
  return root;
}

/**
 * Shows the dialog until the user verifies (true) or cancels (false). Calls that ask while it is
 * open share the same answer.
 * @param methods the second factors the account has (none: the password alone)
 * @param post how the dialog calls the API (apiFetch's, handed over so this module does not import it)
 */
export function verifyIdentity(methods: SecondFactor[], post: StepUpPost): Promise<boolean> {
  pending ??= new Promise<boolean>((resolve) => {
    const host = mount();
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const done = (verified: boolean) => {
      pending = null;
      host.render(null);
      resolve(verified);
      // Back where the user was: the dialog underneath (if any) becomes the active modal again.
      setTimeout(() => restoreFocus(before), 0);
    };
    host.render(
      <StrictMode>
        <FluentProvider theme={webLightTheme} dir="ltr" lang={currentLanguage()}>
          <StepUpDialog methods={methods} post={post} onDone={done} />
        </FluentProvider>
      </StrictMode>,
    );
  });
  return pending;
}

/**
 * Focus back to where it was, or, when that element is gone or disabled (the button that sent the
 * request usually is while it waits), to the first control of the dialog underneath, so that
 * dialog is the active modal again for keyboards and screen readers.
 */
function restoreFocus(before: HTMLElement | null): void {
  if (before?.isConnected && !before.matches(':disabled') && before !== document.body) return before.focus();
  const dialogs = [...document.querySelectorAll<HTMLElement>('[role="dialog"], [role="alertdialog"]')].filter((d) => !d.closest('#step-up-host'));
  const scope = dialogs.at(-1) ?? before?.closest<HTMLElement>('main') ?? null;
  scope?.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled]), button:not([disabled])')?.focus();
}
