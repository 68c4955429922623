import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { ErrorState, Loading } from '../components/states';
import { CustomerProfile } from '../customers/customer-profile';
import { InteractionsCard } from '../customers/interactions-card';
import { PrivacyCard } from '../customers/privacy-card';
import { TasksCard } from '../customers/tasks-card';
import { TransactionsCard } from '../customers/transactions-card';
import { useCustomer } from '../customers/use-customer';
import { LifecycleCard } from '../lifecycle/lifecycle-card';
import { ValueCard } from '../value/value-card';

/** Customer 360: who they are, where they stand in the lifecycle, what they bought, what was said. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { customerId } = useParams({ from: '/customers/$customerId' });
  const customer = useCustomer(customerId);
  const workspace = useWorkspace();

  if (customer.isPending) return <Loading />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => customer.refetch()} />;
  const { data, etag } = customer.data;
  return (
    <div className="page">
      <Link to="/customers" className="back-link">
        ← {t('customer.back')}
      </Link>
      <header className="page-header">
        <h1>{data.name}</h1>
        {data.company && <span className="muted">{data.company}</span>}
      </header>
      <div className="grid-360">
        <div className="column">
          <CustomerProfile key={data.version} customer={data} etag={etag} />
          <LifecycleCard customerId={customerId} />
          <TasksCard customerId={customerId} />
        </div>
        <div className="column">
          <ValueCard customerId={customerId} />
          <TransactionsCard customerId={customerId} timeZone={workspace.data?.timezone ?? 'UTC'} />
          <InteractionsCard customerId={customerId} />
          <PrivacyCard
            customerId={customerId}
            admin={workspace.data?.role === 'owner' || workspace.data?.role === 'admin'}
          />
        </div>
      </div>
    </div>
  );
}
