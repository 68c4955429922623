import type { Role } from '../db/tables.js';

export interface DemoStaffMember {
  name: string;
  /** Local part of the e-mail; the loader adds a per-workspace tag and the demo domain. */
  emailLocal: string;
  role: Extract<Role, 'manager' | 'rep'>;
  team: number;
  locale: 'en' | 'zh-CN';
}

export const DEMO_TEAMS = ['华东销售组 East China Sales', '华南及海外组 South China & Overseas'] as const;

/**
 * The sales team of the demo company. Slot 0 is the manager, who keeps the organisation accounts;
 * the reps share the consumers, and the team split mirrors where customers live.
 */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  { name: '陈静 Chen Jing', emailLocal: 'chen.jing', role: 'manager', team: 0, locale: 'zh-CN' },
  { name: '刘洋 Liu Yang', emailLocal: 'liu.yang', role: 'rep', team: 0, locale: 'zh-CN' },
  { name: '赵敏 Zhao Min', emailLocal: 'zhao.min', role: 'rep', team: 0, locale: 'zh-CN' },
  { name: '黄磊 Huang Lei', emailLocal: 'huang.lei', role: 'rep', team: 1, locale: 'zh-CN' },
  { name: '林晓 Lin Xiao', emailLocal: 'lin.xiao', role: 'rep', team: 1, locale: 'zh-CN' },
  { name: 'Emily Carter', emailLocal: 'emily.carter', role: 'rep', team: 1, locale: 'en' },
];

export const MANAGER_SLOT = 0;
/** Slots of the reps who look after consumers in China and abroad respectively. */
export const CHINA_REP_SLOTS = [1, 2, 3, 4] as const;
export const OVERSEAS_REP_SLOTS = [4, 5] as const;
