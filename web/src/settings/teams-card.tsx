import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { useMembers } from '../customers/use-members';

/** Teams and who is in which (owners and admins only): a manager sees their team's customers. */
export function TeamsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldMessages = useFieldMessages();
  const members = useMembers();
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => ok(api.GET('/teams', { signal })),
    select: (answer) => answer.data,
  });
  const [name, setName] = useState('');
  const done = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['teams'] }),
      queryClient.invalidateQueries({ queryKey: ['members'] }),
    ]);
  const add = useMutation({
    mutationFn: (teamName: string) => api.POST('/teams', { body: { name: teamName } }),
    onSuccess: () => setName(''),
    onSettled: done,
  });
  const rename = useMutation({
    mutationFn: ({ id, teamName }: { id: string; teamName: string }) =>
      api.PATCH('/teams/{id}', { params: { path: { id } }, body: { name: teamName } }),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE('/teams/{id}', { params: { path: { id } } }),
    onSettled: done,
  });
  const move = useMutation({
    mutationFn: ({ userId, teamId }: { userId: string; teamId: string | null }) =>
      api.PATCH('/members/{userId}', { params: { path: { userId } }, body: { teamId } }),
    onSettled: done,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(name.trim());
  };
  const failure = rename.error ?? remove.error ?? move.error;
  const errors = fieldMessages(add.error);
  if (teams.isPending || members.isPending)
    return (
      <Card title={t('ownership.teams.title')}>
        <Loading />
      </Card>
    );
  if (teams.isError)
    return (
      <Card title={t('ownership.teams.title')}>
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} />
      </Card>
    );
  return (
    <Card title={t('ownership.teams.title')}>
      <p className="muted">{t('ownership.teams.intro')}</p>
      {failure && (
        <p className="form-error" role="alert">
          {errorMessage(failure)}
        </p>
      )}
      {teams.data.length === 0 ? (
        <Empty>{t('ownership.teams.empty')}</Empty>
      ) : (
        <ul className="members">
          {teams.data.map((team) => (
            <li key={team.id}>
              <span className="member-name">
                <strong>{team.name}</strong>
                <small className="muted">
                  {members.data
                    ?.filter((m) => m.teamId === team.id)
                    .map((m) => m.name || m.email)
                    .join(', ')}
                </small>
              </span>
              <button
                type="button"
                className="button"
                disabled={rename.isPending}
                onClick={() => {
                  const next = window.prompt(t('ownership.teams.name'), team.name)?.trim();
                  if (next && next !== team.name) rename.mutate({ id: team.id, teamName: next });
                }}
              >
                {t('ownership.teams.rename')}
              </button>
              <button
                type="button"
                className="button button-danger"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(t('ownership.teams.removeConfirm', { name: team.name })))
                    remove.mutate(team.id);
                }}
              >
                {t('ownership.teams.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form-grid" onSubmit={submit} aria-label={t('ownership.teams.add')}>
        <Field label={t('ownership.teams.name')} error={errors.name}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
        </Field>
        {add.error && !errors.name && (
          <p className="form-error form-wide" role="alert">
            {errorMessage(add.error)}
          </p>
        )}
        <div className="actions form-wide">
          <button type="submit" className="button button-primary" disabled={add.isPending || !name.trim()}>
            {t('ownership.teams.add')}
          </button>
        </div>
      </form>
      {teams.data.length > 0 && members.data && (
        <ul className="members">
          {members.data
            .filter((m) => m.active)
            .map((m) => (
              <li key={m.userId}>
                <span className="member-name">
                  <strong>{m.name || m.email}</strong>
                </span>
                <select
                  aria-label={t('ownership.teams.memberTeam', { name: m.name || m.email })}
                  value={m.teamId ?? ''}
                  disabled={move.isPending}
                  onChange={(e) => move.mutate({ userId: m.userId, teamId: e.target.value || null })}
                >
                  <option value="">{t('ownership.teams.noTeam')}</option>
                  {teams.data.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              </li>
            ))}
        </ul>
      )}
    </Card>
  );
}
