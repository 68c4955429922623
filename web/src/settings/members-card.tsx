import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ROLES, type Role } from '../api/types';
import { Card } from '../components/card';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { useMembers } from '../customers/use-members';
import { useMe } from '../routes/app-layout';
import { Invitations } from './invitations';

/**
 * The workspace's users and their roles: invite, change a role, deactivate, remove (owners and admins
 * only).
 */
export function MembersCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const members = useMembers();
  const me = useMe();
  const done = () => queryClient.invalidateQueries({ queryKey: ['members'] });
  const change = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      api.PATCH('/members/{userId}', { params: { path: { userId } }, body: { role } }),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.DELETE('/members/{userId}', { params: { path: { userId } } }),
    onSettled: done,
  });
  const activate = useMutation({
    mutationFn: ({ userId, active }: { userId: string; active: boolean }) =>
      api.PATCH('/members/{userId}', { params: { path: { userId } }, body: { active } }),
    onSettled: done,
  });
  const failure = change.error ?? remove.error ?? activate.error;
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
                  {!m.active && <span className="muted">({t('settings.deactivated')})</span>}
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
                  className="button"
                  disabled={activate.isPending || m.userId === me.data?.id}
                  onClick={() => {
                    if (
                      m.active &&
                      !window.confirm(t('settings.deactivateConfirm', { name: m.name || m.email }))
                    )
                      return;
                    activate.mutate({ userId: m.userId, active: !m.active });
                  }}
                >
                  {m.active ? t('settings.deactivate') : t('settings.reactivate')}
                </button>
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
          <Invitations />
        </>
      )}
    </Card>
  );
}
