import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { session } from '../api/session';
import type { InvitationView } from '../api/types';
import { Field } from '../components/field';
import { LanguageSelect } from '../components/language-select';
import { Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { NewPasswordField } from './password-field';

/**
 * The page an invitation link opens. A new person chooses a name and password; someone with an account
 * signs in as the invited address (or is already signed in) and joins.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useSearch({ from: '/invitation' });
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => ok(api.POST('/invitations/lookup', { body: { token } })),
    retry: false,
  });
  return (
    <main className="login">
      <div className="login-form card">
        {invitation.isPending ? (
          <Loading />
        ) : invitation.isError ? (
          <>
            <h1>{t('login.title')}</h1>
            <p className="form-error" role="alert">
              {t(linkProblem(invitation.error))}
            </p>
          </>
        ) : (
          <Invitation token={token} invitation={invitation.data} />
        )}
        <LanguageSelect />
      </div>
    </main>
  );
}

/** The message key for a link the server refused. */
function linkProblem(error: unknown) {
  if (error instanceof ApiError && error.code === 'invitation-expired') return 'account.linkExpired' as const;
  if (error instanceof ApiError && error.code === 'invitation-closed') return 'account.linkClosed' as const;
  return 'account.linkInvalid' as const;
}

function Invitation({ token, invitation }: { token: string; invitation: InvitationView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const enter = async (workspaceId: string) => {
    session.chooseWorkspace(workspaceId);
    await navigate({ to: '/' });
  };
  return (
    <>
      <h1>{t('account.invitationTitle', { workspace: invitation.workspaceName })}</h1>
      <p>
        {t('account.invitationFor', {
          email: invitation.email,
          role: t(`settings.roles.${invitation.role}`),
        })}
      </p>
      {invitation.hasAccount ? (
        <AcceptWithAccount token={token} email={invitation.email} onJoined={enter} />
      ) : (
        <SignUp token={token} email={invitation.email} onJoined={enter} />
      )}
    </>
  );
}

function SignUp({
  token,
  email,
  onJoined,
}: {
  token: string;
  email: string;
  onJoined: (workspaceId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation({
    mutationFn: async () => {
      const joined = await ok(api.POST('/invitations/sign-up', { body: { token, name, password } }));
      // The page's session is a cookie: sign in with the password just chosen.
      await api.POST('/auth/session', { body: { email, password } });
      session.signIn();
      await onJoined(joined.workspaceId);
    },
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(signUp.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="form-stack">
      <p className="muted">{t('account.invitationNew')}</p>
      <Field label={t('account.yourName')} error={errors.name}>
        <input autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <NewPasswordField
        label={t('login.password')}
        value={password}
        onChange={setPassword}
        error={signUp.error}
      />
      {signUp.error && Object.keys(errors).length === 0 && (
        <p className="form-error" role="alert">
          {errorMessage(signUp.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={signUp.isPending}>
        {signUp.isPending ? t('common.saving') : t('account.createAndJoin')}
      </button>
    </form>
  );
}

function AcceptWithAccount({
  token,
  email,
  onJoined,
}: {
  token: string;
  email: string;
  onJoined: (workspaceId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [password, setPassword] = useState('');
  const signedIn = session.signedIn();
  const accept = useMutation({
    mutationFn: async () => {
      if (!signedIn) {
        await api.POST('/auth/session', { body: { email, password } });
        session.signIn();
      }
      const joined = await ok(api.POST('/invitations/accept', { body: { token } }));
      await onJoined(joined.workspaceId);
    },
  });
  const error = accept.error;
  const message =
    error instanceof ApiError && error.status === 403
      ? t('account.wrongAccount', { email })
      : error instanceof ApiError && error.status === 401
        ? t('login.wrongCredentials')
        : error
          ? errorMessage(error)
          : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="form-stack">
      <p className="muted">{t('account.invitationExisting', { email })}</p>
      {!signedIn && (
        <Field label={t('login.password')}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
      )}
      {message && (
        <p className="form-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={accept.isPending}>
        {signedIn ? t('account.acceptAs', { email }) : t('account.signInAndJoin')}
      </button>
    </form>
  );
}
