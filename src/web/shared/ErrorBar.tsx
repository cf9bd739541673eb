import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { errorMessage } from './format';

interface Props {
  error: unknown;
  onRetry?: () => void;
}

/** Shows an API error: the problem title, its detail and any field issues. */
export function ErrorBar({ error, onRetry }: Props) {
  const { t } = useTranslation();
  const issues = error instanceof ApiError ? error.issues : [];
  const detail = error instanceof ApiError ? error.detail : undefined;
  return (
    <MessageBar intent="error" layout={issues.length || detail ? 'multiline' : 'auto'} role="alert">
      <MessageBarBody>
        <MessageBarTitle>{errorMessage(error, t)}</MessageBarTitle>
        {detail ? <div>{detail}</div> : null}
        {issues.length ? (
          <ul>
            {issues.map((issue) => (
              <li key={`${issue.path}:${issue.code}`}>{issue.message}</li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>{t('app.retry')}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
