import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { InvitationSent, Role } from '../api/types';
import { ROLES } from '../api/types';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';

const KEY = ['invitations'];

/** Open invitations (send again, withdraw) and the form to invite someone. */
export function Invitations() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [outcome, setOutcome] = useState<InvitationSent | null>(null);
  const invitations = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => ok(api.GET('/invitations', { signal })),
    select: (res) => res.data,
  });
  const done = () => queryClient.invalidateQueries({ queryKey: KEY });
  const resend = useMutation({
    mutationFn: (id: string) => ok(api.POST('/invitations/{id}/resend', { params: { path: { id } } })),
    onSuccess: setOutcome,
    onSettled: done,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.DELETE('/invitations/{id}', { params: { path: { id } } }),
    onSuccess: () => setOutcome(null),
    onSettled: done,
  });
  const failure = resend.error ?? revoke.error;
  return (
    <section aria-label={t('settings.invitations')}>
      <h3 className="subheading">{t('settings.addMember')}</h3>
      <InviteForm onSent={setOutcome} />
      {outcome && <Outcome sent={outcome} />}
      <h3 className="subheading">{t('settings.invitations')}</h3>
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      {invitations.isPending ? (
        <Loading />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : invitations.data.length === 0 ? (
        <p className="muted">{t('settings.noInvitations')}</p>
      ) : (
        <ul className="members">
          {invitations.data.map((invitation) => (
            <li key={invitation.id}>
              <span className="member-name">
                <strong>{invitation.email}</strong>{' '}
                <small className="muted">
                  {t(`settings.roles.${invitation.role}`)} ·{' '}
                  {invitation.status === 'expired'
                    ? t('settings.expired')
                    : t('settings.expires', { day: invitation.expiresAt.slice(0, 10) })}
                </small>
              </span>
              <button
                type="button"
                className="button"
                disabled={resend.isPending}
                onClick={() => resend.mutate(invitation.id)}
              >
                {t('settings.resend')}
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={revoke.isPending}
                onClick={() => {
                  if (window.confirm(t('settings.revokeConfirm', { email: invitation.email })))
                    revoke.mutate(invitation.id);
                }}
              >
                {t('settings.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Says whether the e-mail went out; without mail, shows the link to copy and pass on. */
function Outcome({ sent }: { sent: InvitationSent }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const email = sent.invitation.email;
  if (sent.sent) return <p role="status">{t('settings.invitationSent', { email })}</p>;
  if (!sent.link)
    return (
      <p className="form-error" role="alert">
        {t('settings.invitationNotSent', { email })}
      </p>
    );
  const link = sent.link;
  return (
    <div className="notice notice-warning" role="status">
      <p>{t('settings.invitationLink', { email })}</p>
      <div className="link-copy">
        <input readOnly value={link} aria-label={t('settings.copyLink')} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(link);
            setCopied(true);
          }}
        >
          {copied ? t('settings.copied') : t('settings.copyLink')}
        </button>
      </div>
    </div>
  );
}

function InviteForm({ onSent }: { onSent: (sent: InvitationSent) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const invite = useMutation({
    mutationFn: () => ok(api.POST('/invitations', { body: { email, role } })),
    onSuccess: async (sent) => {
      setEmail('');
      onSent(sent);
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(invite.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('settings.addMember')}>
      <p className="muted form-wide">{t('settings.inviteHint')}</p>
      <Field label={t('settings.memberEmail')} error={errors.email}>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label={t('settings.role')} error={errors.role}>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`settings.roles.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {invite.error && Object.keys(errors).length === 0 && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(invite.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending ? t('settings.inviting') : t('settings.addMember')}
        </button>
      </div>
    </form>
  );
}
