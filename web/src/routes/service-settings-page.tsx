import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withEtag } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import {
  bandOf,
  type DeskSettings,
  formatDayHours,
  type Named,
  PRIORITIES,
  parseDayHours,
  type SlaPolicy,
  TIERS,
  targetOf,
  toggled,
  WEEKDAYS,
} from '../service/desk-settings';

/** Stable keys for rows added and removed in place (an index would move a row's inputs to its neighbour). */
function useRowKeys(count: number) {
  const [keys, setKeys] = useState(() => Array.from({ length: count }, () => crypto.randomUUID()));
  return {
    keys,
    add: () => setKeys((k) => [...k, crypto.randomUUID()]),
    remove: (i: number) => setKeys((k) => k.filter((_, j) => j !== i)),
  };
}

/** The service desk's settings as a form: hours, holidays, categories, SLA policies, surveys, escalation. */
export function ServiceSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['service-settings-edit'],
    queryFn: () => withEtag(api.GET('/service/settings')),
  });
  return (
    <div className="page">
      <Link to="/tickets" className="back-link">
        ← {t('service.title')}
      </Link>
      <header className="page-header">
        <h1>{t('service.desk.settings')}</h1>
      </header>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <SettingsForm
          key={settings.data.etag}
          initial={settings.data.data}
          etag={settings.data.etag}
          onReload={() => settings.refetch()}
        />
      )}
    </div>
  );
}

function SettingsForm({
  initial,
  etag,
  onReload,
}: {
  initial: DeskSettings;
  etag: string | null;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const [hours, setHours] = useState(() =>
    Object.fromEntries(WEEKDAYS.map((d) => [d, formatDayHours(initial.hours[d])])),
  );
  const [version, setVersion] = useState(etag);
  const policyKeys = useRowKeys(initial.policies.length);
  const badDays = WEEKDAYS.filter((d) => parseDayHours(hours[d] ?? '') === null);
  const save = useMutation({
    mutationFn: () => {
      const body: DeskSettings = {
        ...form,
        hours: Object.fromEntries(
          WEEKDAYS.map((d) => [d, parseDayHours(hours[d] ?? '') ?? []]),
        ) as DeskSettings['hours'],
      };
      return withEtag(api.PUT('/service/settings', { body, headers: { 'if-match': version ?? '"0"' } }));
    },
    onSuccess: (res) => {
      setVersion(res.etag);
      return queryClient.invalidateQueries({ queryKey: ['service-settings'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (badDays.length === 0) save.mutate();
  };
  const stale = save.error instanceof ApiError && save.error.status === 412;
  const setPolicy = (i: number, change: Partial<SlaPolicy>) =>
    setForm((f) => ({ ...f, policies: f.policies.map((p, j) => (i === j ? { ...p, ...change } : p)) }));
  return (
    <form onSubmit={submit} noValidate className="desk-settings">
      <Card title={t('service.desk.hours')}>
        <p className="muted">{t('service.desk.hoursHint')}</p>
        <div className="form-grid">
          {WEEKDAYS.map((d) => (
            <Field
              key={d}
              label={t(`service.desk.weekdays.d${d}`)}
              error={badDays.includes(d) ? t('service.desk.badHours') : undefined}
            >
              <input
                value={hours[d] ?? ''}
                onChange={(e) => setHours((h) => ({ ...h, [d]: e.target.value }))}
                placeholder={t('service.desk.closed')}
              />
            </Field>
          ))}
          <Field label={t('service.desk.country')} hint={t('service.desk.countryHint')}>
            <input
              value={form.country}
              maxLength={2}
              onChange={(e) => setForm((f) => ({ ...f, country: e.target.value.toUpperCase() }))}
            />
          </Field>
          <Field label={t('service.desk.reopenDays')}>
            <input
              type="number"
              min={0}
              max={365}
              value={form.reopenDays}
              onChange={(e) => setForm((f) => ({ ...f, reopenDays: Number(e.target.value) }))}
            />
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.escalation.reassign}
            onChange={(e) => setForm((f) => ({ ...f, escalation: { reassign: e.target.checked } }))}
          />{' '}
          {t('service.desk.reassign')}
        </label>
      </Card>

      <Card title={t('service.category')}>
        <NamedList
          items={form.categories}
          onChange={(categories) => setForm((f) => ({ ...f, categories }))}
        />
      </Card>

      <Card title={t('service.desk.policies')}>
        <p className="muted">{t('service.desk.policiesHint')}</p>
        {form.policies.map((policy, i) => (
          <fieldset key={policyKeys.keys[i]} className="policy">
            <legend>
              <input
                value={policy.name}
                aria-label={t('service.desk.policyName')}
                onChange={(e) => setPolicy(i, { name: e.target.value })}
              />
            </legend>
            <div className="checks">
              <span className="muted">{t('service.priority')}</span>
              {PRIORITIES.map((p) => (
                <label key={p} className="check">
                  <input
                    type="checkbox"
                    checked={policy.priorities?.includes(p) ?? false}
                    onChange={(e) =>
                      setPolicy(i, { priorities: toggled(policy.priorities, p, e.target.checked) })
                    }
                  />{' '}
                  {t(`service.priorities.${p}`)}
                </label>
              ))}
            </div>
            <div className="checks">
              <span className="muted">{t('service.desk.abcClass')}</span>
              {TIERS.map((tier) => (
                <label key={tier} className="check">
                  <input
                    type="checkbox"
                    checked={policy.tiers?.includes(tier) ?? false}
                    onChange={(e) => setPolicy(i, { tiers: toggled(policy.tiers, tier, e.target.checked) })}
                  />{' '}
                  {tier}
                </label>
              ))}
            </div>
            <div className="checks">
              <span className="muted">{t('service.category')}</span>
              {form.categories.map((c) => (
                <label key={c.code} className="check">
                  <input
                    type="checkbox"
                    checked={policy.categories?.includes(c.code) ?? false}
                    onChange={(e) =>
                      setPolicy(i, { categories: toggled(policy.categories, c.code, e.target.checked) })
                    }
                  />{' '}
                  {c.names.en === c.names['zh-CN'] ? c.code : `${c.names['zh-CN']} / ${c.names.en}`}
                </label>
              ))}
            </div>
            <div className="form-grid">
              <BandBox policy={policy} onChange={(clvBand) => setPolicy(i, { clvBand })} />
              {(['firstResponseMinutes', 'nextResponseMinutes', 'resolutionMinutes'] as const).map((key) => (
                <Field
                  key={key}
                  label={t(`service.desk.targets.${key}`)}
                  hint={t('service.desk.minutesHint')}
                >
                  <input
                    type="number"
                    min={1}
                    value={policy.targets[key] ?? ''}
                    onChange={(e) =>
                      setPolicy(i, { targets: { ...policy.targets, [key]: targetOf(e.target.value) } })
                    }
                  />
                </Field>
              ))}
            </div>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                policyKeys.remove(i);
                setForm((f) => ({ ...f, policies: f.policies.filter((_, j) => j !== i) }));
              }}
            >
              {t('service.desk.remove')}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => {
            policyKeys.add();
            setForm((f) => ({
              ...f,
              policies: [
                ...f.policies,
                {
                  name: t('service.desk.newPolicy'),
                  targets: { firstResponseMinutes: 480, resolutionMinutes: null },
                },
              ],
            }));
          }}
        >
          {t('service.desk.addPolicy')}
        </button>
      </Card>

      <Card title={t('service.survey')}>
        <div className="form-grid">
          <Field label={t('service.desk.validDays')}>
            <input
              type="number"
              min={1}
              max={365}
              value={form.surveys.validDays}
              onChange={(e) =>
                setForm((f) => ({ ...f, surveys: { ...f.surveys, validDays: Number(e.target.value) } }))
              }
            />
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.surveys.nps}
            onChange={(e) => setForm((f) => ({ ...f, surveys: { ...f.surveys, nps: e.target.checked } }))}
          />{' '}
          {t('service.desk.nps')}
        </label>
        <h3>{t('service.desk.dimensions')}</h3>
        <NamedList
          items={form.surveys.dimensions}
          onChange={(dimensions) => setForm((f) => ({ ...f, surveys: { ...f.surveys, dimensions } }))}
        />
      </Card>

      {save.error && (
        <div className="form-error" role="alert">
          <p>{stale ? t('service.desk.stale') : errorMessage(save.error)}</p>
          {save.error instanceof ApiError && save.error.errors.length > 0 && (
            <ul>
              {save.error.errors.map((e) => (
                <li key={e.path}>
                  <code>{e.path.replace(/^body\./, '')}</code> {e.message}
                </li>
              ))}
            </ul>
          )}
          {stale && (
            <button type="button" className="button" onClick={onReload}>
              {t('service.desk.reload')}
            </button>
          )}
        </div>
      )}
      {save.isSuccess && !save.isPending && <p role="status">{t('service.desk.saved')}</p>}
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={save.isPending || badDays.length > 0}
        >
          {save.isPending ? t('common.saving') : t('service.desk.save')}
        </button>
      </div>
    </form>
  );
}

function BandBox({
  policy,
  onChange,
}: {
  policy: SlaPolicy;
  onChange: (band: SlaPolicy['clvBand']) => void;
}) {
  const { t } = useTranslation();
  const [min, setMin] = useState(policy.clvBand?.min?.toString() ?? '');
  const [max, setMax] = useState(policy.clvBand?.max?.toString() ?? '');
  return (
    <>
      <Field label={t('service.desk.clvMin')} hint={t('service.desk.clvHint')}>
        <input
          type="number"
          min={0}
          value={min}
          onChange={(e) => {
            setMin(e.target.value);
            onChange(bandOf(e.target.value, max));
          }}
        />
      </Field>
      <Field label={t('service.desk.clvMax')}>
        <input
          type="number"
          min={0}
          value={max}
          onChange={(e) => {
            setMax(e.target.value);
            onChange(bandOf(min, e.target.value));
          }}
        />
      </Field>
    </>
  );
}

/** Codes with their names in both languages, one row each, added and removed in place. */
function NamedList({ items, onChange }: { items: Named[]; onChange: (items: Named[]) => void }) {
  const { t } = useTranslation();
  const rows = useRowKeys(items.length);
  const set = (i: number, item: Named) => onChange(items.map((x, j) => (i === j ? item : x)));
  return (
    <>
      <table className="simple-table named-list">
        <thead>
          <tr>
            <th scope="col">{t('service.desk.code')}</th>
            <th scope="col">{t('service.desk.nameZh')}</th>
            <th scope="col">{t('service.desk.nameEn')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => (
            <tr key={rows.keys[i]}>
              <td>
                <input
                  value={item.code}
                  aria-label={t('service.desk.code')}
                  onChange={(e) => set(i, { ...item, code: e.target.value })}
                />
              </td>
              <td>
                <input
                  value={item.names['zh-CN']}
                  aria-label={t('service.desk.nameZh')}
                  onChange={(e) => set(i, { ...item, names: { ...item.names, 'zh-CN': e.target.value } })}
                />
              </td>
              <td>
                <input
                  value={item.names.en}
                  aria-label={t('service.desk.nameEn')}
                  onChange={(e) => set(i, { ...item, names: { ...item.names, en: e.target.value } })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    rows.remove(i);
                    onChange(items.filter((_, j) => j !== i));
                  }}
                >
                  {t('service.desk.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button"
        onClick={() => {
          rows.add();
          onChange([...items, { code: '', names: { en: '', 'zh-CN': '' } }]);
        }}
      >
        {t('service.desk.add')}
      </button>
    </>
  );
}
