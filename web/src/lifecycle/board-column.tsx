import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Customer, Distribution, Stage } from '../api/types';
import { formatMoney, formatNumber } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { useSegmentLabel } from '../value/labels';
import type { Move } from './move-dialog';

// The most valuable customers of each stage first; "Show more" brings the next ones.
const CARDS = 8;

/** The query of a column's cards, which a move updates before the server answers. */
export const boardColumnKey = (stage: string) => ['customers', 'board', stage];

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
  const customers = useInfiniteQuery({
    queryKey: boardColumnKey(column.stage),
    queryFn: ({ signal, pageParam }) =>
      ok(
        api.GET('/customers', {
          params: { query: { stage: column.stage, sort: '-clv', limit: CARDS, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: column.count > 0,
  });
  const cards = customers.data?.pages.flatMap((p) => p.data) ?? [];
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
          {cards.map((customer) => (
            <BoardCard
              key={customer.id}
              customer={customer}
              stage={column.stage}
              stages={stages}
              currency={currency}
              onMove={(to) =>
                onMove({
                  customerId: customer.id,
                  name: customer.name,
                  from: column.stage,
                  stage: to,
                  stageLabel: label(to),
                })
              }
            />
          ))}
        </ul>
      )}
      {customers.hasNextPage && (
        <button
          type="button"
          className="button board-more"
          onClick={() => customers.fetchNextPage()}
          disabled={customers.isFetchingNextPage}
        >
          {t('lifecycle.boardWork.showMore', {
            shown: formatNumber(cards.length),
            total: formatNumber(column.count),
          })}
        </button>
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
  // A drag that starts on the name ends with a click on it, which would follow the link. dnd-kit stops
  // that click on the document (so React never sees it) but leaves the link's navigation: the click is
  // prevented on the window, which it reaches first, until just after the drag (as dnd-kit waits 50 ms).
  useEffect(() => {
    if (!isDragging) return;
    const prevent = (event: MouseEvent) => event.preventDefault();
    window.addEventListener('click', prevent, { capture: true });
    return () => {
      setTimeout(() => window.removeEventListener('click', prevent, { capture: true }), 50);
    };
  }, [isDragging]);
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <li ref={setNodeRef} style={style} className={isDragging ? 'board-card dragging' : 'board-card'}>
      {/* The handle is the card's body, its name included; a click (no drag) on the name opens the customer. */}
      <div className="board-card-handle" {...listeners} {...attributes}>
        <Link to="/customers/$customerId" params={{ customerId: customer.id }} draggable={false}>
          {customer.name}
        </Link>
        {customer.value && (
          <small className="muted">
            {customer.value.abcClass} · {segmentLabel(customer.value.rfmSegment)}
            {customer.value.clv !== null && ` · ${formatMoney(customer.value.clv, currency)}`}
          </small>
        )}
      </div>
      {/* One small button per card; the stages show only when it is opened. */}
      <details className="board-menu" ref={menu}>
        <summary aria-label={t('lifecycle.moveCustomer', { name: customer.name })}>
          <span aria-hidden="true">⋯</span>
        </summary>
        <ul>
          {stages
            .filter((s) => s.key !== stage)
            .map((s) => (
              <li key={s.key}>
                <button
                  type="button"
                  onClick={() => {
                    menu.current?.removeAttribute('open');
                    onMove(s.key);
                  }}
                >
                  {t('lifecycle.boardWork.moveToStage', { stage: s.labels[language] })}
                </button>
              </li>
            ))}
        </ul>
      </details>
    </li>
  );
}
