import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Page } from '../api/types';
import { Empty, ErrorState, Loading } from './states';

interface PagedTableProps<T> {
  list: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  /** Column headings, in order. */
  columns: string[];
  /** One `<tr>` per item. */
  row: (item: T) => ReactNode;
  empty: string;
  more: string;
}

/** A cursor-paged list as a table: loading, error and empty states, and a button for the next page. */
export function PagedTable<T>({ list, columns, row, empty, more }: PagedTableProps<T>) {
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.data);
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <div className="table-scroll">
        <table className="simple-table">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{items.map(row)}</tbody>
        </table>
      </div>
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
        >
          {more}
        </button>
      )}
    </>
  );
}
