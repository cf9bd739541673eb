import { MessageBar, MessageBarBody, ToolbarButton } from '@fluentui/react-components';
import {
  DeleteRegular,
  KeyResetRegular,
  LockOpenRegular,
  PasswordRegular,
  PersonAvailableRegular,
  PersonProhibitedRegular,
  SignOutRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { ErrorBar } from '../../shared/ErrorBar';
import type { Notice, UserAction } from './actions';
import { useAdminPermissions } from './hooks';

interface Props {
  /** The one user the actions are for (never the signed-in admin), or null. */
  user: User | null;
  /** Whether Reset password is offered (for the selection, which may be several users). */
  canResetNow: boolean;
  onReset: () => void;
  onRun: (action: UserAction) => void;
  onDelete: (user: User) => void;
  /** Block or unblock sign-in (asks first). */
  onBlock: (user: User) => void;
  pending: boolean;
}

/**
 * Tabster's mark for the element a toolbar (one Tab stop, arrows inside) focuses when Tab enters it
 * and it remembers no other: Reset password, the main action for a selection (issue 13, item 8).
 */
const FIRST_IN_TOOLBAR = JSON.stringify({ focusable: { isDefault: true } });

/** Reset password, Unlock, Sign out of all sessions, Require password change, Block sign-in and Delete, each for those who may. */
export function UserActionButtons({ user, canResetNow, onReset, onRun, onDelete, onBlock, pending }: Props) {
  const { t } = useTranslation();
  const { canManage, canReset, canRevoke } = useAdminPermissions();
  return (
    <>
      {canReset && canResetNow ? (
        <ToolbarButton icon={<KeyResetRegular />} onClick={onReset} data-tabster={FIRST_IN_TOOLBAR}>
          {t('userActions.resetPassword')}
        </ToolbarButton>
      ) : null}
      {canReset && (user?.locked || user?.lockedInDirectory) ? (
        <ToolbarButton icon={<LockOpenRegular />} onClick={() => onRun('unlock')} disabled={pending}>
          {t('userActions.unlock')}
        </ToolbarButton>
      ) : null}
      {canRevoke && user ? (
        <ToolbarButton icon={<SignOutRegular />} onClick={() => onRun('revoke-sessions')} disabled={pending}>
          {t('userActions.revokeSessions')}
        </ToolbarButton>
      ) : null}
      {canReset && user && !user.mustChangePassword ? (
        <ToolbarButton icon={<PasswordRegular />} onClick={() => onRun('require-password-change')} disabled={pending}>
          {t('userActions.requireChange')}
        </ToolbarButton>
      ) : null}
      {canManage && user ? (
        <ToolbarButton icon={user.accountEnabled ? <PersonProhibitedRegular /> : <PersonAvailableRegular />} onClick={() => onBlock(user)}>
          {user.accountEnabled ? t('userActions.block') : t('userActions.unblock')}
        </ToolbarButton>
      ) : null}
      {canManage && user ? (
        <ToolbarButton icon={<DeleteRegular />} onClick={() => onDelete(user)}>
          {t('userActions.delete')}
        </ToolbarButton>
      ) : null}
    </>
  );
}

/** The answer to the last action: a success bar or the server's error. */
export function NoticeBar({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return notice.intent === 'success' ? (
    <MessageBar intent="success" layout="multiline" role="status">
      <MessageBarBody>{notice.text}</MessageBarBody>
    </MessageBar>
  ) : (
    <ErrorBar error={notice.error} />
  );
}
