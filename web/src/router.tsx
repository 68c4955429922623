import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, redirect } from '@tanstack/react-router';
import { session } from './api/session';
import { parseCustomerSearch } from './customers/customer-search';
import { AppLayout } from './routes/app-layout';
import { AuditPage } from './routes/audit-page';
import { CarePage } from './routes/care-page';
import { CustomerPage } from './routes/customer-page';
import { CustomersPage } from './routes/customers-page';
import { DashboardPage } from './routes/dashboard-page';
import { DuplicatesPage } from './routes/duplicates-page';
import { ForgotPasswordPage } from './routes/forgot-password-page';
import { ImportsPage } from './routes/imports-page';
import { InvitationPage } from './routes/invitation-page';
import { JobsPage } from './routes/jobs-page';
import { LifecyclePage } from './routes/lifecycle-page';
import { LoginPage } from './routes/login-page';
import { ModelsPage } from './routes/models-page';
import { MyDayPage } from './routes/my-day-page';
import { NotFoundPage } from './routes/not-found-page';
import { PoolsPage } from './routes/pools-page';
import { isPublicPath } from './routes/public-paths';
import { ResetPasswordPage } from './routes/reset-password-page';
import { ServiceSettingsPage } from './routes/service-settings-page';
import { SettingsPage } from './routes/settings-page';
import { SurveyPage } from './routes/survey-page';
import { TicketPage } from './routes/ticket-page';
import { TicketsPage } from './routes/tickets-page';

const preloadCharts = () => {
  void import('./dashboard/echarts');
};

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  // Every page but the login and the e-mailed links needs a session; without one, go to the login and
  // come back afterwards.
  beforeLoad: ({ location }) => {
    if (!isPublicPath(location.pathname) && !session.signedIn())
      throw redirect({ to: '/login', search: { next: location.href } });
  },
  component: AppLayout,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { next?: string } =>
    typeof search.next === 'string' && search.next.startsWith('/') ? { next: search.next } : {},
  component: LoginPage,
});

/** The secret of a link sent by e-mail, kept out of every request's URL but the page's own. */
const linkSearch = (search: Record<string, unknown>): { token?: string } =>
  typeof search.token === 'string' ? { token: search.token } : {};

const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invitation',
  validateSearch: linkSearch,
  component: InvitationPage,
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: linkSearch,
  component: ResetPasswordPage,
});

const surveyRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/survey',
  validateSearch: linkSearch,
  component: SurveyPage,
});

const ticketsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tickets',
  component: TicketsPage,
});

const ticketRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tickets/$ticketId',
  component: TicketPage,
});

const myDayRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/my-day',
  component: MyDayPage,
});

const poolsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/pools',
  component: PoolsPage,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  // The charts' code is asked for before the page's dozen API calls: the browser opens only six
  // connections to a server, and the chunk would otherwise queue behind the slowest answers.
  beforeLoad: preloadCharts,
  component: DashboardPage,
});

const modelsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/models',
  beforeLoad: preloadCharts,
  component: ModelsPage,
});

const customersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/customers',
  validateSearch: parseCustomerSearch,
  component: CustomersPage,
});

const importsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/imports',
  component: ImportsPage,
});

const duplicatesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/duplicates',
  component: DuplicatesPage,
});

const customerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/customers/$customerId',
  component: CustomerPage,
});

const lifecycleRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/lifecycle',
  component: LifecyclePage,
});
const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: SettingsPage,
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings/audit',
  component: AuditPage,
});

const jobsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings/jobs',
  component: JobsPage,
});

const careRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings/care',
  component: CarePage,
});

const serviceSettingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings/service',
  component: ServiceSettingsPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  invitationRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  surveyRoute,
  indexRoute,
  ticketsRoute,
  ticketRoute,
  myDayRoute,
  poolsRoute,
  customersRoute,
  customerRoute,
  importsRoute,
  duplicatesRoute,
  lifecycleRoute,
  modelsRoute,
  settingsRoute,
  auditRoute,
  jobsRoute,
  careRoute,
  serviceSettingsRoute,
]);

export const router = createRouter({
  routeTree,
  context: { queryClient: undefined as unknown as QueryClient },
  defaultNotFoundComponent: () => <NotFoundPage />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
