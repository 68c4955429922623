import type { BusinessCalendar } from '../calendars/business-hours.js';
import { dayKinds } from '../calendars/holidays.js';
import type { Tx } from '../db/tenant.js';
import { staleVersion } from '../http/preconditions.js';
import { type ServiceSettings, serviceSettings } from './schema.js';

const nineToSix: [number, number][] = [[9 * 60, 18 * 60]];

/** What a workspace starts with: weekdays 9–18, the usual complaint categories, targets by priority. */
export function defaultServiceSettings(country: string): ServiceSettings {
  const category = (code: string, en: string, zh: string) => ({ code, names: { en, 'zh-CN': zh } });
  const byPriority = (priority: 'urgent' | 'high' | 'normal' | 'low', first: number, resolution: number) => ({
    name: priority,
    priorities: [priority],
    // Each later message of the customer is answered as fast as the first.
    targets: { firstResponseMinutes: first, nextResponseMinutes: first, resolutionMinutes: resolution },
  });
  return {
    hours: { 1: nineToSix, 2: nineToSix, 3: nineToSix, 4: nineToSix, 5: nineToSix, 6: [], 7: [] },
    country,
    reopenDays: 7,
    categories: [
      category('product_quality', 'Product quality', '产品质量'),
      category('delivery', 'Delivery', '物流配送'),
      category('service_attitude', 'Service attitude', '服务态度'),
      category('price', 'Price', '价格'),
      category('billing', 'Billing', '账单发票'),
      category('other', 'Other', '其他'),
    ],
    surveys: {
      nps: false,
      dimensions: [
        category('product_quality', 'Product quality', '产品质量'),
        category('delivery', 'Delivery', '物流配送'),
        category('service', 'Service', '服务'),
        category('price', 'Price', '价格'),
      ],
      validDays: 30,
    },
    escalation: { reassign: false },
    // Working minutes: an urgent ticket is answered within the hour and settled within the day.
    policies: [
      byPriority('urgent', 60, 8 * 60),
      byPriority('high', 4 * 60, 2 * 9 * 60),
      byPriority('normal', 8 * 60, 5 * 9 * 60),
      byPriority('low', 2 * 9 * 60, 10 * 9 * 60),
    ],
  };
}

export interface ServiceContext {
  settings: ServiceSettings;
  version: number;
  calendar: BusinessCalendar;
}

/** The workspace's service settings (its own, or the defaults for its region) and its working calendar. */
export async function serviceContext(tx: Tx): Promise<ServiceContext> {
  const workspace = await tx
    .selectFrom('workspaces')
    .select(['timezone', 'phone_region'])
    .executeTakeFirstOrThrow();
  const row = await tx.selectFrom('service_settings').select(['settings', 'version']).executeTakeFirst();
  const settings = row ? serviceSettings.parse(row.settings) : defaultServiceSettings(workspace.phone_region);
  return {
    settings,
    version: row?.version ?? 0,
    calendar: { timeZone: workspace.timezone, week: settings.hours, dayKind: dayKinds(settings.country) },
  };
}

/** Replaces the settings if `version` is the one last read (0 for the defaults). */
export async function saveServiceSettings(
  tx: Tx,
  workspaceId: string,
  settings: ServiceSettings,
  version: number,
) {
  const json = JSON.stringify(settings);
  const saved =
    version === 0
      ? await tx
          .insertInto('service_settings')
          .values({ workspace_id: workspaceId, settings: json })
          .onConflict((oc) => oc.doNothing())
          .returning('version')
          .executeTakeFirst()
      : await tx
          .updateTable('service_settings')
          .set((eb) => ({ settings: json, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('version', '=', version)
          .returning('version')
          .executeTakeFirst();
  if (!saved) throw staleVersion();
  return saved.version;
}
