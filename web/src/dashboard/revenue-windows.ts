const DAY = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * `count` consecutive windows of `days` days, the last ending on `today`, oldest first: the periods the
 * revenue decomposition is asked for, so that each is compared with the one before it.
 */
export function revenueWindows(today: string, count: number, days: number): { from: string; to: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const to = shift(today, -(count - 1 - i) * days);
    return { from: shift(to, -(days - 1)), to };
  });
}
