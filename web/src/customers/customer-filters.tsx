import { useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ABC_CLASSES, CUSTOMER_TYPES, RFM_SEGMENTS } from '../api/types';
import { Field } from '../components/field';
import { useDebouncedValue } from '../components/use-debounced-value';
import { useStageLabel, useStages } from '../lifecycle/use-stages';
import { useMe } from '../routes/app-layout';
import { useSegmentLabel } from '../value/labels';
import {
  CUSTOMER_FILTERS,
  CUSTOMER_SORTS,
  type CustomerSearch,
  parseCustomerSearch,
} from './customer-search';
import { useMembers } from './use-members';

/** A text filter typed freely and sent once typing pauses. */
function useTypedFilter(value: string | undefined, apply: (value: string) => void) {
  const [text, setText] = useState(value ?? '');
  const settled = useDebouncedValue(text, 300);
  useEffect(() => {
    if (settled !== (value ?? '')) apply(settled);
  }, [settled, value, apply]);
  useEffect(() => setText(value ?? ''), [value]);
  return [text, setText] as const;
}

export function CustomerFilters({ search }: { search: CustomerSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/customers' });
  const me = useMe();
  const members = useMembers();
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const segmentLabel = useSegmentLabel();
  const set = useCallback(
    (change: Record<string, string>) =>
      void navigate({ search: (prev) => parseCustomerSearch({ ...prev, ...change }), replace: true }),
    [navigate],
  );
  const [q, setQ] = useTypedFilter(
    search.q,
    useCallback((q: string) => set({ q }), [set]),
  );
  const [tag, setTag] = useTypedFilter(
    search.tag,
    useCallback((tag: string) => set({ tag }), [set]),
  );
  const [region, setRegion] = useTypedFilter(
    search.region,
    useCallback((region: string) => set({ region }), [set]),
  );
  // On a phone the filters fold behind one button beside the search box (see customers.css).
  const [open, setOpen] = useState(false);
  const setCount = CUSTOMER_FILTERS.filter((key) => key !== 'q' && search[key] !== undefined).length;

  return (
    <form
      className={open ? 'filters customer-filters filters-open' : 'filters customer-filters'}
      aria-label={t('customers.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      <Field label={t('customers.search')}>
        <input
          type="search"
          value={q}
          placeholder={t('customers.searchPlaceholder')}
          onChange={(e) => setQ(e.target.value)}
        />
      </Field>
      <button
        type="button"
        className="button filters-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open
          ? t('customers.fewerFilters')
          : setCount
            ? t('customers.moreFilters', { count: setCount })
            : t('customers.moreFiltersNone')}
      </button>
      <Field label={t('customers.tag')}>
        <input value={tag} onChange={(e) => setTag(e.target.value)} />
      </Field>
      <Field label={t('customers.region')}>
        <input value={region} onChange={(e) => setRegion(e.target.value)} />
      </Field>
      <Field label={t('customers.type')}>
        <select value={search.type ?? ''} onChange={(e) => set({ type: e.target.value })}>
          <option value="">{t('customers.any')}</option>
          {CUSTOMER_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`customers.types.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('customers.owner')}>
        <select value={search.owner ?? ''} onChange={(e) => set({ owner: e.target.value })}>
          <option value="">{t('customers.any')}</option>
          {me.data && <option value={me.data.id}>{t('customers.mine')}</option>}
          <option value="none">{t('customers.unassigned')}</option>
          {members.data
            ?.filter((m) => m.userId !== me.data?.id)
            .map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
        </select>
      </Field>
      <Field label={t('customers.stage')}>
        <select value={search.stage ?? ''} onChange={(e) => set({ stage: e.target.value })}>
          <option value="">{t('customers.any')}</option>
          {stages.data?.map((s) => (
            <option key={s.key} value={s.key}>
              {stageLabel(s.key)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('customers.segment')}>
        <select value={search.segment ?? ''} onChange={(e) => set({ segment: e.target.value })}>
          <option value="">{t('customers.any')}</option>
          {RFM_SEGMENTS.map((segment) => (
            <option key={segment} value={segment}>
              {segmentLabel(segment)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('customers.abc')}>
        <select value={search.abc ?? ''} onChange={(e) => set({ abc: e.target.value })}>
          <option value="">{t('customers.any')}</option>
          {ABC_CLASSES.map((abc) => (
            <option key={abc} value={abc}>
              {abc}
            </option>
          ))}
        </select>
      </Field>
      {(['rScore', 'fScore'] as const).map((key) => (
        <Field key={key} label={t(`customers.${key}`)}>
          <select value={search[key] ?? ''} onChange={(e) => set({ [key]: e.target.value })}>
            <option value="">{t('customers.any')}</option>
            {[1, 2, 3, 4, 5].map((score) => (
              <option key={score} value={score}>
                {score}
              </option>
            ))}
          </select>
        </Field>
      ))}
      <Field label={t('customers.sort')}>
        <select value={search.sort ?? '-createdAt'} onChange={(e) => set({ sort: e.target.value })}>
          {CUSTOMER_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`customers.sorts.${sort}`)}
            </option>
          ))}
        </select>
      </Field>
    </form>
  );
}
