import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldMessages } from '../api/api-error';
import { api } from '../api/client';
import { type Member, ROLES, type Role } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { useMembers } from '../customers/use-members';
import { useMe } from '../routes/app-layout';

/** The workspace's users and their roles: add, change a role, remove (owners and admins only). */
export function MembersCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const members = useMembers();
  const me = useMe();
  const done = () => queryClient.invalidateQueries({ queryKey: ['members'] });
  const change = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.request<Member>('PATCH', `/members/${userId}`, { body: { role } }),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.request('DELETE', `/members/${userId}`),
    onSettled: done,
  });
  const failure = change.error ?? remove.error;
  return (
    <Card title={t('settings.members')}>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : (
        <>
          {failure && (
            <p className="form-error" role="alert">
              {errorMessage(failure)}
            </p>
          )}
          <ul className="members">
            {members.data.map((m) => (
              <li key={m.userId}>
                <span className="member-name">
                  <strong>{m.name || m.email}</strong>{' '}
                  {m.userId === me.data?.id && <span className="muted">{t('settings.you')}</span>}
                  <small className="muted">{m.email}</small>
                </span>
                <select
                  aria-label={`${t('settings.role')}: ${m.name || m.email}`}
                  value={m.role}
                  disabled={change.isPending}
                  onChange={(e) => change.mutate({ userId: m.userId, role: e.target.value as Role })}
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`settings.roles.${role}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button button-danger"
                  disabled={remove.isPending || m.userId === me.data?.id}
                  onClick={() => {
                    if (window.confirm(t('settings.removeConfirm', { name: m.name || m.email })))
                      remove.mutate(m.userId);
                  }}
                >
                  {t('settings.remove')}
                </button>
              </li>
            ))}
          </ul>
          <h3 className="subheading">{t('settings.addMember')}</h3>
          <AddMemberForm />
        </>
      )}
    </Card>
  );
}

function AddMemberForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.request<Member>('POST', '/members', {
        body: { email, role, ...(name.trim() ? { name } : {}), ...(password ? { password } : {}) },
      }),
    onSuccess: async () => {
      setEmail('');
      setName('');
      setPassword('');
      await queryClient.invalidateQueries({ queryKey: ['members'] });
    },
  });
  const errors = fieldMessages(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('settings.addMember')}>
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
      <Field label={t('settings.memberName')} error={errors.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('settings.memberPassword')} error={errors.password}>
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {add.error && Object.keys(errors).length === 0 && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(add.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? t('common.saving') : t('settings.addMember')}
        </button>
      </div>
    </form>
  );
}
