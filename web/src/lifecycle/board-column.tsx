import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Customer, Distribution, Page, Stage } from '../api/types';
import { formatMoney, formatNumber } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { useSegmentLabel } from '../value/labels';
import type { Move } from './move-dialog';

// The most valuable customers of each stage; the rest are a click away in the filtered list.
const CARDS = 8;

interface ColumnProps {
  column: Distribution['stages'][number];
  stages: Stage[];
  total: number;
  currency: string;
  onMove: (move: Move) => void;
}

/** A stage: its count, revenue and share, its most valuable customers as cards, and a drop target. */
export function BoardColumn({ column, stages, total, currency, onMove }: ColumnProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const { setNodeRef, isOver } = useDroppable({ id: column.stage });
  const customers = useQuery({
    queryKey: ['customers', 'board', column.stage],
    queryFn: ({ signal }) =>
      api.get<Page<Customer>>('/customers', { stage: column.stage, sort: '-clv', limit: CARDS }, signal),
    enabled: column.count > 0,
  });
  const colour = column.colour ?? '#9ca3af';
  const label = (key: string) => stages.find((s) => s.key === key)?.labels[language] ?? key;
  return (
    <li
      ref={setNodeRef}
      className={isOver ? 'board-column board-over' : 'board-column'}
      style={{ borderTopColor: colour }}
    >
      <h2>{column.labels?.[language] ?? column.stage}</h2>
      <p className="board-count">
        {t('lifecycle.customers', { count: column.count, total: formatNumber(column.count) })}
      </p>
      <p className="muted">
        {t('lifecycle.share', {
          percent: total ? `${Math.round((column.count / total) * 1000) / 10} %` : '0 %',
        })}
      </p>
      <div className="meter" aria-hidden="true">
        <span style={{ width: `${total ? (column.count / total) * 100 : 0}%`, background: colour }} />
      </div>
      <p>{t('lifecycle.revenue', { amount: formatMoney(column.revenue, currency) })}</p>
      {column.count === 0 ? (
        <p className="muted">{t('lifecycle.noCustomers')}</p>
      ) : customers.isPending ? (
        <Loading />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => customers.refetch()} />
      ) : (
        <ul className="board-cards">
          {customers.data.data.map((customer) => (
            <BoardCard
              key={customer.id}
              customer={customer}
              stage={column.stage}
              stages={stages}
              currency={currency}
              onMove={(to) =>
                onMove({ customerId: customer.id, name: customer.name, stage: to, stageLabel: label(to) })
              }
            />
          ))}
        </ul>
      )}
      {column.count > 0 && (
        <Link to="/customers" search={{ stage: column.stage }} className="board-all">
          {t('lifecycle.showAll')}
        </Link>
      )}
    </li>
  );
}

function BoardCard({
  customer,
  stage,
  stages,
  currency,
  onMove,
}: {
  customer: Customer;
  stage: string;
  stages: Stage[];
  currency: string;
  onMove: (to: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const segmentLabel = useSegmentLabel();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: customer.id,
    data: { from: stage, name: customer.name },
  });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  return (
    <li ref={setNodeRef} style={style} className={isDragging ? 'board-card dragging' : 'board-card'}>
      {/* The handle is the card's body; the link and the menu stay clickable. */}
      <div className="board-card-handle" {...listeners} {...attributes}>
        <Link to="/customers/$customerId" params={{ customerId: customer.id }}>
          {customer.name}
        </Link>
        {customer.value && (
          <small className="muted">
            {customer.value.abcClass} · {segmentLabel(customer.value.rfmSegment)}
            {customer.value.clv !== null && ` · ${formatMoney(customer.value.clv, currency)}`}
          </small>
        )}
      </div>
      <select
        aria-label={t('lifecycle.moveCustomer', { name: customer.name })}
        value=""
        onChange={(e) => e.target.value && onMove(e.target.value)}
      >
        <option value="">{t('lifecycle.moveTo')}</option>
        {stages
          .filter((s) => s.key !== stage)
          .map((s) => (
            <option key={s.key} value={s.key}>
              {s.labels[language]}
            </option>
          ))}
      </select>
    </li>
  );
}
