import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences, useSavePreferences } from '../api/use-preferences';
import { useMe } from '../routes/app-layout';
import type { CustomerSearch } from './customer-search';
import {
  matchingView,
  readViews,
  type SavedView,
  storedViews,
  viewsKey,
  viewsToMove,
  withoutView,
  withView,
} from './saved-views';

/** Named filter sets of the customer list, kept with the user's account. */
export function SavedViewsBar({ search }: { search: CustomerSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate({ from: '/customers' });
  const userId = useMe().data?.id;
  const preferences = usePreferences();
  const savePreferences = useSavePreferences();
  const stored = preferences.data?.customerViews;
  const views = stored ? readViews(stored) : [];
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  // Views this browser kept before they went with the account move there, tried once per visit.
  const moveTried = useRef(false);
  useEffect(() => {
    if (!userId || !preferences.isSuccess || moveTried.current) return;
    moveTried.current = true;
    const moving = viewsToMove(stored && readViews(stored), localStorage.getItem(viewsKey(userId)));
    if (moving)
      savePreferences.mutate(
        { customerViews: storedViews(moving) },
        { onSuccess: () => localStorage.removeItem(viewsKey(userId)) },
      );
  }, [userId, preferences.isSuccess, stored, savePreferences.mutate]);
  if (!userId || !preferences.isSuccess) return null;
  const store = (next: SavedView[]) => savePreferences.mutate({ customerViews: storedViews(next) });
  const current = matchingView(views, search);
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    store(withView(views, name, search));
    setNaming(false);
    setName('');
  };
  return (
    <div className="views-bar">
      <select
        aria-label={t('customers.views')}
        value={current?.name ?? ''}
        onChange={(e) => {
          const view = views.find((v) => v.name === e.target.value);
          if (view) void navigate({ search: view.search });
        }}
      >
        <option value="">{views.length ? t('customers.chooseView') : t('customers.views')}</option>
        {views.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
      {current && (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => store(withoutView(views, current.name))}
        >
          {t('customers.deleteView')}
        </button>
      )}
      {naming ? (
        <form onSubmit={save} className="views-form">
          <input
            aria-label={t('customers.viewName')}
            placeholder={t('customers.viewName')}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked to name a view
            autoFocus
          />
          <button type="submit" className="button button-primary">
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => setNaming(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        !current && (
          <button type="button" className="button" onClick={() => setNaming(true)}>
            {t('customers.saveView')}
          </button>
        )
      )}
    </div>
  );
}
