import { Button, DrawerBody, DrawerFooter, Field, Input, Spinner, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppCreatedJson, GraphAppPermission } from '../../../shared/apps.js';
import type { RoleId } from '../../../shared/roles.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useSpaClick } from '../../shared/links';
import { PanelHeader, PanelOutcome, PasswordPanel, usePanelStyles } from '../users/PasswordPanel';
import { CreatedCredentials } from './CreatedCredentials';
import { RedirectUrisField, RoleDropdown, badUri, parseUris } from './fields';
import { useCreateApp } from './hooks';
import { PermissionPicker } from './PermissionPicker';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** App registrations > New registration: a panel whose outcome shows the credentials once, then forgets them. */
export function NewAppPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <PasswordPanel open={open} onClose={onClose} testId="new-app-panel">
      {() => <NewAppContent onClose={onClose} />}
    </PasswordPanel>
  );
}

function NewAppContent({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const spaClick = useSpaClick();
  const create = useCreateApp();
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState<GraphAppPermission[]>([]);
  const [role, setRole] = useState<RoleId | null>(null);
  const [publicClient, setPublicClient] = useState(false);
  const [uris, setUris] = useState('');
  const [errors, setErrors] = useState<{ name?: string; uris?: string }>({});
  const [created, setCreated] = useState<AppCreatedJson | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const redirectUris = parseUris(uris);
    const bad = badUri(redirectUris);
    const found = { name: name.trim() ? undefined : t('apps.nameRequired'), uris: bad ? t('apps.badUri', { uri: bad }) : undefined };
    setErrors(found);
    if (found.name || found.uris) return;
    create.mutate({ displayName: name.trim(), permissions, directoryRole: role, publicClient, redirectUris }, { onSuccess: setCreated });
  };

  if (created) {
    const to = `/admin/apps/${created.app.id}`;
    return (
      <PanelOutcome title={t('apps.created.title')} onClose={onClose}>
        <CreatedCredentials created={created} />
        <div>
          <Button
            as="a"
            href={to}
            onClick={(e) => {
              spaClick(e, to);
              onClose();
            }}
          >
            {t('apps.created.open', { name: created.app.displayName })}
          </Button>
        </div>
      </PanelOutcome>
    );
  }

  return (
    <>
      <PanelHeader title={t('apps.new.title')} onClose={onClose} />
      <DrawerBody className={styles.body}>
        <form id="new-app-form" className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('apps.new.title')}>
          <Field label={t('apps.name')} hint={t('apps.nameHint')} required validationMessage={errors.name}>
            <Input value={name} maxLength={120} onChange={(_, d) => setName(d.value)} autoFocus />
          </Field>
          <PermissionPicker legend={t('apps.new.permissions')} value={permissions} onChange={setPermissions} />
          <RoleDropdown label={t('apps.role.label')} hint={t('apps.role.hint')} value={role} onChange={setRole} />
          <Switch checked={publicClient} onChange={(_, d) => setPublicClient(d.checked)} label={t('apps.publicClient')} />
          <RedirectUrisField value={uris} onChange={setUris} error={errors.uris} />
          {create.error ? <ErrorBar error={create.error} /> : null}
        </form>
      </DrawerBody>
      <DrawerFooter className={styles.footer}>
        <Button
          appearance="primary"
          type="submit"
          form="new-app-form"
          disabled={create.isPending}
          icon={create.isPending ? <Spinner size="tiny" /> : undefined}
        >
          {t('apps.new.submit')}
        </Button>
        <Button onClick={onClose}>{t('apps.cancel')}</Button>
      </DrawerFooter>
    </>
  );
}
