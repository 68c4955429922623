import type { Answer } from '../api/types';

/** The desk's settings as `GET/PUT /service/settings` has them. */
export type DeskSettings = Answer<'/service/settings'>;
export type Named = DeskSettings['categories'][number];
export type SlaPolicy = DeskSettings['policies'][number];
export type Weekday = '1' | '2' | '3' | '4' | '5' | '6' | '7';
/** Minutes after midnight: where a working period starts and ends. */
export type Interval = DeskSettings['hours'][Weekday][number];
export const WEEKDAYS: Weekday[] = ['1', '2', '3', '4', '5', '6', '7'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies NonNullable<
  SlaPolicy['priorities']
>;
export const TIERS = ['A', 'B', 'C'] as const satisfies NonNullable<SlaPolicy['tiers']>;

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A day's working hours as "09:00-12:00, 13:00-18:00"; empty when the desk is closed. */
export function formatDayHours(hours: readonly Interval[]): string {
  return hours.map(([start, end]) => `${clock(start)}-${clock(end)}`).join(', ');
}

/**
 * "09:00-12:00, 13:00-18:00" back into minutes after midnight; empty text is a closed day. Null when the
 * text is not such a list, or an interval ends before it starts or overlaps the one before.
 */
export function parseDayHours(text: string): Interval[] | null {
  const parts = text
    .split(/[,，;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const hours: Interval[] = [];
  for (const part of parts) {
    const match = /^(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!match) return null;
    const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
    if (m1 > 59 || m2 > 59) return null;
    const start = h1 * 60 + m1;
    const end = h2 * 60 + m2;
    if (start >= end || end > 1440 || (hours.length > 0 && hours[hours.length - 1]![1] > start)) return null;
    hours.push([start, end]);
  }
  return hours;
}

/** A list the policy matches on, or none (absent: matches everything) when nothing is ticked. */
export function toggled<T>(list: readonly T[] | undefined, value: T, on: boolean): T[] | undefined {
  const next = on ? [...(list ?? []), value] : (list ?? []).filter((v) => v !== value);
  return next.length ? next : undefined;
}

/** Minutes typed in a box: empty means no target. */
export function targetOf(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

/** A CLV band from its two boxes, or none when both are empty. */
export function bandOf(min: string, max: string): SlaPolicy['clvBand'] {
  const band = {
    ...(min.trim() ? { min: Number(min) } : {}),
    ...(max.trim() ? { max: Number(max) } : {}),
  };
  return Object.keys(band).length ? band : undefined;
}
