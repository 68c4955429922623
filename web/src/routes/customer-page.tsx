import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { useWorkspace } from '../api/use-workspace';
import { ErrorState, Loading } from '../components/states';
import { ContactsCard } from '../customers/contacts-card';
import { ContractsCard } from '../customers/contracts-card';
import { CustomerActionBar } from '../customers/customer-action-bar';
import { CustomerProfile } from '../customers/customer-profile';
import { InteractionsCard } from '../customers/interactions-card';
import { PrivacyCard } from '../customers/privacy-card';
import { TasksCard } from '../customers/tasks-card';
import { TransactionsCard } from '../customers/transactions-card';
import { useCustomer } from '../customers/use-customer';
import { LifecycleCard } from '../lifecycle/lifecycle-card';
import { OwnershipCard } from '../ownership/ownership-card';
import { poolLimitOf } from '../ownership/ownership-errors';
import { CustomerTicketsCard } from '../service/customer-tickets-card';
import { CareMessages } from '../settings/care-messages';
import { ValueCard } from '../value/value-card';
import { NotFoundPage } from './not-found-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Customer 360: who they are, where they stand in the lifecycle, what they bought, what was said. */
export function CustomerPage() {
  const { customerId } = useParams({ from: '/customers/$customerId' });
  // A mistyped or truncated address names no customer: no request, the same page as an unknown id.
  return UUID.test(customerId) ? <Customer360 customerId={customerId} /> : <NotFoundPage record />;
}

function Customer360({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const customer = useCustomer(customerId);
  const workspace = useWorkspace();

  if (customer.isPending) return <Loading />;
  if (customer.error instanceof ApiError && customer.error.status === 404) return <NotFoundPage record />;
  if (poolLimitOf(customer.error) === 'detailsPerDay')
    return (
      <div className="state state-error" role="alert">
        <span>{t('ownership.limits.detailsPerDay')}</span>
        <Link to="/pools" className="button">
          {t('ownership.nav.pools')}
        </Link>
      </div>
    );
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => customer.refetch()} />;
  const { data, etag } = customer.data;
  return (
    <div className="page">
      <Link to="/customers" className="back-link">
        ← {t('customer.back')}
      </Link>
      <header className="page-header">
        <h1>{data.name}</h1>
        {data.company && data.company !== data.name && <span className="muted">{data.company}</span>}
      </header>
      <CustomerActionBar customer={data} />
      <div className="grid-360">
        <div className="column">
          <CustomerProfile key={data.version} customer={data} etag={etag} />
          {data.kind === 'organisation' && <ContactsCard customerId={customerId} />}
          <OwnershipCard customerId={customerId} />
          <LifecycleCard customerId={customerId} />
          <TasksCard customerId={customerId} />
          <CustomerTicketsCard customerId={customerId} />
        </div>
        <div className="column">
          <ValueCard customerId={customerId} />
          <TransactionsCard customerId={customerId} timeZone={workspace.data?.timezone ?? 'UTC'} />
          <ContractsCard customerId={customerId} />
          <InteractionsCard customerId={customerId} />
          <CareMessages customerId={customerId} />
          <PrivacyCard
            customerId={customerId}
            admin={workspace.data?.role === 'owner' || workspace.data?.role === 'admin'}
          />
        </div>
      </div>
    </div>
  );
}
