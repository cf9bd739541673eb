import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';

const useStyles = makeStyles({
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type Issue = ApiError['issues'][number];

/** A 400 with a `password.*` code: the policy refused the new password, with its reasons as issues; or the directory's policy did. */
export function isPasswordRejection(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 400 && (err.code.startsWith('password.') || isDirectoryRefusal(err));
}

/** A 400 directory.password_refused: the organisation's directory (its ppolicy, AD's rules) refused the password, not Latchkey's policy. */
export function isDirectoryRefusal(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === 'directory.password_refused';
}

/**
 * The server's reasons for refusing a new password, for the validation message of its field: one
 * reason as text, several as a list, none as the problem's title. With `directory` each reason says
 * it is the directory's ("Refused by your organisation's directory: …"), so it is not taken for Latchkey's own policy.
 */
export function PasswordIssues({ issues, title, directory = false }: { issues: readonly Issue[]; title: string; directory?: boolean }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const text = (message: string) => (directory ? t('directory.refused', { reason: message }) : message);
  if (issues.length <= 1)
    return (
      <span data-testid={directory ? 'directory-refusal' : undefined}>
        {issues[0] ? text(issues[0].message) : directory ? t('directory.refusedTitle') : title}
      </span>
    );
  return (
    <ul className={styles.issues} data-testid={directory ? 'directory-refusal' : undefined}>
      {issues.map((i) => (
        <li key={`${i.path}:${i.code}`}>{text(i.message)}</li>
      ))}
    </ul>
  );
}
