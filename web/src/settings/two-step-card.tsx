import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { useMe } from '../routes/app-layout';

/**
 * Two-step sign-in of one's own account: turn on (the secret shown once, confirmed with a first code,
 * then the recovery codes shown once), or off with the password and a code. Admins also set whether the
 * workspace requires it of every member.
 */
export function TwoStepCard({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  return (
    <Card title={t('mfa.title')}>
      <p className="muted">{t('mfa.intro')}</p>
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : me.data?.mfaEnabled ? (
        <TurnOff />
      ) : (
        <TurnOn onEnabled={setRecoveryCodes} />
      )}
      {admin && <WorkspaceRequirement enabled={Boolean(me.data?.mfaEnabled)} />}
    </Card>
  );
}

function TurnOn({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [code, setCode] = useState('');
  const start = useMutation({
    mutationFn: () => ok(api.POST('/auth/mfa/enrolment')),
  });
  const confirm = useMutation({
    mutationFn: () => ok(api.POST('/auth/mfa/confirmation', { body: { code } })),
    onSuccess: async ({ recoveryCodes }) => {
      onEnabled(recoveryCodes);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  if (!start.data) {
    return (
      <div className="actions">
        {start.error && (
          <p className="form-error" role="alert">
            {errorMessage(start.error)}
          </p>
        )}
        <button type="button" className="button button-primary" onClick={() => start.mutate()}>
          {t('mfa.turnOn')}
        </button>
      </div>
    );
  }
  const wrong = confirm.error instanceof ApiError && confirm.error.code === 'invalid-code';
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('mfa.turnOn')}>
      <div className="form-wide">
        <p>{t('mfa.addToApp')}</p>
        <p>
          {t('mfa.secret')}: <code className="mfa-secret">{start.data.secret}</code>
        </p>
        <p className="muted">
          {t('mfa.uri')}: <code className="mfa-uri">{start.data.otpauthUri}</code>
        </p>
      </div>
      <Field label={t('mfa.firstCode')} error={wrong ? t('login.wrongCode') : undefined}>
        <input
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      {confirm.error && !wrong && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(confirm.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={confirm.isPending}>
          {t('mfa.confirm')}
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div>
      <p role="status">{t('mfa.enabled')}</p>
      <p>{t('mfa.recoveryIntro')}</p>
      <ul className="recovery-codes" aria-label={t('mfa.recoveryCodes')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button" onClick={onDone}>
          {t('mfa.savedCodes')}
        </button>
      </div>
    </div>
  );
}

function TurnOff() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const off = useMutation({
    mutationFn: () => api.POST('/auth/mfa/disable', { body: { password, code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(off.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    off.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('mfa.turnOff')}>
      <p className="form-wide">{t('mfa.isOn')}</p>
      <Field label={t('login.password')} error={errors.password && t('login.wrongCredentials')}>
        <input
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field label={t('login.code')} hint={t('login.codeHint')} error={errors.code && t('login.wrongCode')}>
        <input autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      </Field>
      {off.error && Object.keys(errors).length === 0 && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(off.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button" disabled={off.isPending}>
          {t('mfa.turnOff')}
        </button>
      </div>
    </form>
  );
}

function WorkspaceRequirement({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const requirement = useQuery({
    queryKey: ['mfa-requirement'],
    queryFn: ({ signal }) => ok(api.GET('/workspace/mfa-requirement', { signal })),
  });
  const set = useMutation({
    mutationFn: (required: boolean) => ok(api.PUT('/workspace/mfa-requirement', { body: { required } })),
    onSuccess: (saved) => queryClient.setQueryData(['mfa-requirement'], saved),
  });
  const required = requirement.data?.required ?? false;
  return (
    <div className="mfa-requirement">
      <label className="check">
        <input
          type="checkbox"
          checked={required}
          // Requiring it without having it would shut the admin out; the server refuses that too.
          disabled={!requirement.data || set.isPending || (!required && !enabled)}
          onChange={(e) => set.mutate(e.target.checked)}
        />{' '}
        {t('mfa.requireForWorkspace')}
      </label>
      {!enabled && !required && <p className="muted">{t('mfa.requireNeedsOwn')}</p>}
      {set.error && (
        <p className="form-error" role="alert">
          {errorMessage(set.error)}
        </p>
      )}
    </div>
  );
}
