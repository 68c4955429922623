import { useTranslation } from 'react-i18next';
import { AbcCard } from '../dashboard/abc-card';
import { ChurnCard } from '../dashboard/churn-card';
import { ChurnReasonsCard } from '../dashboard/churn-reasons-card';
import { ClvCard } from '../dashboard/clv-card';
import { FlowsCard } from '../dashboard/flows-card';
import { KpiTiles } from '../dashboard/kpi-tiles';
import { RevenueCard } from '../dashboard/revenue-card';
import { RfmCard } from '../dashboard/rfm-card';
import { StageTiles } from '../dashboard/stage-tiles';
import { RefreshButton } from '../lifecycle/refresh-button';

/** The morning overview: where customers stand, what they are worth, who is about to leave. */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('dashboard.title')}</h1>
        <RefreshButton />
      </header>
      <StageTiles />
      <KpiTiles />
      <div className="dashboard-grid">
        <RevenueCard />
        <ChurnCard />
        <ChurnReasonsCard />
        <FlowsCard />
        <AbcCard />
        <RfmCard />
        <ClvCard />
      </div>
    </div>
  );
}
