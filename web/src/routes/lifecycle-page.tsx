import {
  type Active,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  type Over,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { Empty, ErrorState, Loading } from '../components/states';
import { useDistribution } from '../dashboard/stage-tiles';
import { BoardColumn } from '../lifecycle/board-column';
import { type Move, MoveDialog } from '../lifecycle/move-dialog';
import { RefreshButton } from '../lifecycle/refresh-button';
import { useStageLabel, useStages } from '../lifecycle/use-stages';

/**
 * One column per stage of the workspace's model with its count, revenue and most valuable customers.
 * Dropping a card on another column (or choosing a stage from its menu) asks for the reason and sets
 * the stage by hand.
 */
export function LifecyclePage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const distribution = useDistribution();
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const [move, setMove] = useState<Move | null>(null);
  // A small distance before a drag starts, so a click on a card's link stays a click.
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor),
  );
  const columns = distribution.data?.stages ?? [];
  const total = columns.reduce((sum, s) => sum + s.count, 0);

  const dropped = ({ active, over }: DragEndEvent) => {
    const from = String(active.data.current?.from ?? '');
    if (!over || over.id === from) return;
    const stage = String(over.id);
    const name = String(active.data.current?.name ?? '');
    setMove({ customerId: String(active.id), name, from, stage, stageLabel: stageLabel(stage) });
  };
  // What a screen reader says while a card is picked up and moved, in the reader's language.
  const nameOf = (active: Active) => String(active.data.current?.name ?? '');
  const overLabel = (over: Over | null) => (over ? stageLabel(String(over.id)) : '');
  const accessibility = {
    screenReaderInstructions: { draggable: t('lifecycle.boardWork.instructions') },
    announcements: {
      onDragStart: ({ active }: { active: Active }) =>
        t('lifecycle.boardWork.pickedUp', { name: nameOf(active) }),
      onDragOver: ({ active, over }: { active: Active; over: Over | null }) =>
        over
          ? t('lifecycle.boardWork.over', { name: nameOf(active), stage: overLabel(over) })
          : t('lifecycle.boardWork.notOver', { name: nameOf(active) }),
      onDragEnd: ({ active, over }: { active: Active; over: Over | null }) =>
        over
          ? t('lifecycle.boardWork.dropped', { name: nameOf(active), stage: overLabel(over) })
          : t('lifecycle.boardWork.cancelled', { name: nameOf(active) }),
      onDragCancel: ({ active }: { active: Active }) =>
        t('lifecycle.boardWork.cancelled', { name: nameOf(active) }),
    },
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('lifecycle.board')}</h1>
        <RefreshButton />
      </header>
      {distribution.isPending || stages.isPending ? (
        <Loading />
      ) : distribution.isError ? (
        <ErrorState error={distribution.error} onRetry={() => distribution.refetch()} />
      ) : stages.isError ? (
        <ErrorState error={stages.error} onRetry={() => stages.refetch()} />
      ) : (
        <>
          {total === 0 && <Empty>{t('lifecycle.boardEmpty')}</Empty>}
          <p className="muted">{t('lifecycle.dragHint')}</p>
          <DndContext sensors={sensors} onDragEnd={dropped} accessibility={accessibility}>
            <ol className="board">
              {columns.map((column) => (
                <BoardColumn
                  key={column.stage}
                  column={column}
                  stages={stages.data}
                  total={total}
                  currency={workspace.data?.currency ?? 'CNY'}
                  onMove={setMove}
                />
              ))}
            </ol>
          </DndContext>
        </>
      )}
      {move && <MoveDialog move={move} onClose={() => setMove(null)} />}
    </div>
  );
}
