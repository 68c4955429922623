import { useQuery } from '@tanstack/react-query';
import { ok } from './api-client';
import { api } from './client';

/** The current workspace: its name, the caller's role, its time zone and currency. */
export function useWorkspace() {
  return useQuery({
    queryKey: ['workspace'],
    queryFn: ({ signal }) => ok(api.GET('/workspace', { signal })),
    staleTime: 5 * 60_000,
  });
}

/** Today in a time zone as YYYY-MM-DD (en-CA writes dates that way), as the lifecycle API counts days. */
export const todayIn = (timeZone: string, now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );

/** Roles that may recompute stages (the API checks it too). */
export const canRefresh = (role: string | undefined) =>
  role === 'owner' || role === 'admin' || role === 'manager';

/** Roles that may download lists as files (the API checks it too: permission data.export). */
export const canExport = (role: string | undefined) =>
  role === 'owner' || role === 'admin' || role === 'manager' || role === 'analyst';

/** Roles that may change records, imports included (the API checks it too: permission records.write). */
export const canWrite = (role: string | undefined) => role !== undefined && role !== 'analyst';

/** Roles that may merge customers (the API checks it too). */
export const canMerge = (role: string | undefined) =>
  role === 'owner' || role === 'admin' || role === 'manager';
