import { makeStyles, tokens } from '@fluentui/react-components';
import { ApiError } from '../api';

const useStyles = makeStyles({
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type Issue = ApiError['issues'][number];

/** A 400 with a `password.*` code: the policy refused the new password, with its reasons as issues. */
export function isPasswordRejection(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 400 && err.code.startsWith('password.');
}

/**
 * The server's reasons for refusing a new password, for the validation message of its field: one
 * reason as text, several as a list, none as the problem's title.
 */
export function PasswordIssues({ issues, title }: { issues: readonly Issue[]; title: string }) {
  const styles = useStyles();
  if (issues.length <= 1) return <>{issues[0]?.message ?? title}</>;
  return (
    <ul className={styles.issues}>
      {issues.map((i) => (
        <li key={`${i.path}:${i.code}`}>{i.message}</li>
      ))}
    </ul>
  );
}
