import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withEtag } from '../api/api-client';
import { api } from '../api/client';
import type { Workspace, WorkspaceChanges } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { QueryState, useErrorMessage, useFieldMessages } from '../components/states';
import { SaveFoot } from './save-foot';
import { useVersionedSave } from './use-versioned-save';
import { COMMON_CURRENCIES, timeZones, workspaceChanges } from './workspace-form';

/** The workspace's currency and time zone (owners and admins), saved against the version read. */
export function WorkspaceCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const workspace = useQuery({
    queryKey: ['workspace', 'edit'],
    queryFn: ({ signal }) => withEtag(api.GET('/workspace', { signal })),
  });
  return (
    <Card title={t('settings.workspaceForm.title')}>
      <p className="muted">{t('settings.workspaceForm.intro')}</p>
      <QueryState query={workspace}>
        {(read) => (
          <WorkspaceForm
            key={read.etag}
            workspace={read.data}
            etag={read.etag}
            canEdit={canEdit}
            onReload={() => workspace.refetch()}
          />
        )}
      </QueryState>
    </Card>
  );
}

interface FormProps {
  workspace: Workspace;
  etag: string | null;
  canEdit: boolean;
  onReload: () => void;
}

function WorkspaceForm({ workspace, etag, canEdit, onReload }: FormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const ids = useId();
  const saved = { currency: workspace.currency, timezone: workspace.timezone };
  const [form, setForm] = useState(saved);
  const { save, stale, done, setDone } = useVersionedSave({
    send: (body: WorkspaceChanges, ifMatch) =>
      withEtag(api.PATCH('/workspace', { body, headers: { 'if-match': ifMatch } })),
    etag,
    firstVersion: '"0"',
    // Money and dates everywhere follow the workspace: every page reads it again.
    onSaved: () => queryClient.invalidateQueries({ queryKey: ['workspace'], exact: true }),
  });
  const errors = fieldMessages(save.error);
  const other = save.error && !stale && !errors.currency && !errors.timezone;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const body = workspaceChanges(saved, form);
    if (body) save.mutate(body);
    else setDone(true);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.workspaceForm.title')}>
      <div className="form-grid">
        <Field
          label={t('settings.workspaceForm.currency')}
          hint={t('settings.workspaceForm.currencyHint')}
          error={errors.currency}
        >
          <input
            list={`${ids}-currencies`}
            value={form.currency}
            maxLength={3}
            disabled={!canEdit}
            autoCapitalize="characters"
            onChange={(e) => setForm({ ...form, currency: e.target.value })}
          />
        </Field>
        <Field
          label={t('settings.workspaceForm.timezone')}
          hint={t('settings.workspaceForm.timezoneHint')}
          error={errors.timezone}
        >
          <input
            list={`${ids}-zones`}
            value={form.timezone}
            disabled={!canEdit}
            onChange={(e) => setForm({ ...form, timezone: e.target.value })}
          />
        </Field>
      </div>
      <datalist id={`${ids}-currencies`}>
        {COMMON_CURRENCIES.map((code) => (
          <option key={code} value={code} />
        ))}
      </datalist>
      <datalist id={`${ids}-zones`}>
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <SaveFoot
        stale={stale && { message: t('settings.workspaceForm.stale'), onReload }}
        failure={other && errorMessage(save.error)}
        saved={done && t('settings.workspaceForm.saved')}
        pending={save.isPending}
        canEdit={canEdit}
      />
    </form>
  );
}
