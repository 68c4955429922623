import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import i18next from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { session } from '../api/session';
import { setLanguage } from '../i18n/i18n';
import { InboxMenu } from '../ownership/inbox-menu';
import { isPublicPath } from './public-paths';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: ({ signal }) => ok(api.GET('/auth/me', { signal })) });
}

/** The frame around every signed-in page: navigation, the user and sign-out. */
export function AppLayout() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Signed out here, in another tab or by the server refusing the token: cached data goes with it.
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.signedIn()) return;
        queryClient.clear();
        // An e-mailed link's page works signed out: a stale session there is no reason to leave it.
        if (!isPublicPath(window.location.pathname)) void navigate({ to: '/login' });
      }),
    [navigate, queryClient],
  );

  // The account's language wins over this browser's: it is the one the person chose last, anywhere.
  const locale = useMe().data?.locale;
  useEffect(() => {
    if (locale && locale !== i18next.language) void setLanguage(locale);
  }, [locale]);

  if (isPublicPath(pathname)) return <Outlet />;
  return (
    <div className="layout">
      <TopBar />
      <main id="main" className="main">
        <Outlet />
      </main>
    </div>
  );
}

function TopBar() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = async () => {
    try {
      await api.POST('/auth/logout');
    } finally {
      session.signOut();
    }
  };
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      <nav aria-label="main" className="nav">
        <Link to="/" activeProps={{ className: 'active' }} activeOptions={{ exact: true }}>
          {t('app.nav.dashboard')}
        </Link>
        <Link to="/my-day" activeProps={{ className: 'active' }}>
          {t('ownership.nav.myDay')}
        </Link>
        <Link to="/customers" activeProps={{ className: 'active' }}>
          {t('app.nav.customers')}
        </Link>
        <Link to="/pools" activeProps={{ className: 'active' }}>
          {t('ownership.nav.pools')}
        </Link>
        <Link to="/tickets" activeProps={{ className: 'active' }}>
          {t('app.nav.service')}
        </Link>
        <Link to="/lifecycle" activeProps={{ className: 'active' }}>
          {t('app.nav.lifecycle')}
        </Link>
        <Link to="/models" activeProps={{ className: 'active' }}>
          {t('app.nav.models')}
        </Link>
        <Link to="/settings" activeProps={{ className: 'active' }}>
          {t('app.nav.settings')}
        </Link>
      </nav>
      <InboxMenu userId={me.data?.id} />
      <span className="topbar-user">{me.data?.name}</span>
      <button type="button" className="button button-quiet" onClick={signOut}>
        {t('app.logout')}
      </button>
    </header>
  );
}
