/** The API's JSON shapes the app reads; the server's zod schemas are the authority on them. */

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

export const CUSTOMER_TYPES = ['consumer', 'distributor', 'internal', 'public'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** The columns a customer list can show beside the name, in the order the chooser offers them. */
export const CUSTOMER_COLUMNS = [
  'phone',
  'email',
  'owner',
  'stage',
  'value',
  'clv',
  'churnRisk',
  'lastPurchase',
  'nextFollowUp',
  'daysLeft',
  'region',
  'industry',
  'source',
  'tags',
  'createdAt',
] as const;
export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

export interface Customer {
  id: string;
  kind: 'person' | 'organisation';
  type: CustomerType;
  name: string;
  company: string | null;
  phones: string[];
  emails: string[];
  industry: string | null;
  region: string | null;
  source: string | null;
  tags: string[];
  birthday: string | null;
  ownerId: string | null;
  externalId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** On reads: the current stage, null before the first refresh. */
  lifecycle?: Lifecycle | null;
  /** On reads: value and risk at the last refresh, null without a purchase. */
  value?: CustomerValueSummary | null;
  /** On reads: the last purchase, null before the first. */
  lastPurchaseAt?: string | null;
  /** On reads: the day (YYYY-MM-DD) the latest interaction set for the next one, null when it set none. */
  nextFollowUpOn?: string | null;
  /**
   * On reads, for an owned customer: when it returns to its pool, the whole days left, and whether that
   * is at most the pool's urgentDays (null, null and false without a deadline).
   */
  returnsAt?: string | null;
  daysLeft?: number | null;
  returnUrgent?: boolean;
}

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

/** The English RFM segments, in the API's order. */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export const CHURN_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

export interface CustomerValueSummary {
  asOf: string;
  rfmSegment: string;
  cnClass: string;
  abcClass: AbcClass;
  pAlive: number | null;
  clv: string | null;
  churnRisk: number | null;
  churnLevel: ChurnLevel | null;
  valueAtRisk: string | null;
  /** Why there is no churn risk (the workspace has no churn model); null when there is one. */
  churnAbsentReason: ModelAbsentReason | null;
}

export interface ChurnReason {
  code: string;
  points: number;
  metrics: Record<string, number | null>;
}

export interface CustomerValue {
  customerId: string;
  asOf: string;
  purchaseDays: number;
  daysSinceLast: number;
  revenue: string;
  rfm: { r: number; f: number; m: number; segment: string };
  cnClass: string;
  abcClass: AbcClass;
  pAlive: number | null;
  expectedPurchases90d: number | null;
  expectedAvgSpend: string | null;
  clv: string | null;
  /** Why P(alive), expected purchases, spend or CLV are null. */
  absentReason: ModelAbsentReason | 'no-spend-model' | null;
  churnRisk: number | null;
  churnLevel: ChurnLevel | null;
  churnReasons: ChurnReason[];
  valueAtRisk: string | null;
  churnAbsentReason: ModelAbsentReason | null;
  /** 90 % intervals from the fit's uncertainty; null without a prediction or an uncertainty. */
  intervals: {
    level: number;
    method: 'delta-method';
    expectedPurchases90d: [number, number];
    clv: [string, string] | null;
  } | null;
}

interface CountRevenue {
  count: number;
  revenue: string;
}

export interface RfmReport {
  asOf: string | null;
  customers: number;
  /** Scores run 1…bins (the workspace's RFM bins). */
  bins: number;
  segments: ({ segment: string } & CountRevenue)[];
  cnClasses: ({ class: string } & CountRevenue)[];
  grid: ({ r: number; f: number } & CountRevenue)[];
}

export interface AbcReport {
  asOf: string | null;
  /** Shares of revenue covered by A and by B next. */
  thresholds: { a: number; b: number };
  classes: ({ class: AbcClass; customerShare: number; revenueShare: number } & CountRevenue)[];
  pareto: { customerShare: number; revenueShare: number }[];
}

/** GET/PUT /analytics/value-scales: RFM bins and ABC shares of revenue. */
export interface ValueScales {
  rfmBins: number;
  abcA: number;
  abcB: number;
}

export interface ClvReport {
  asOf: string | null;
  customers: number;
  total: string;
  quantiles: { p: number; value: string }[];
  histogram: { from: string; to: string; count: number }[];
}

export interface ChurnWarning {
  customerId: string;
  name: string;
  ownerId: string | null;
  churnRisk: number;
  churnLevel: string;
  clv: string | null;
  valueAtRisk: string;
  reasons: ChurnReason[];
}

interface Fit {
  params: Record<string, number>;
  logLikelihood: number | null;
  n: number;
  converged: boolean;
  /** From the Hessian of the log-likelihood; null when the optimum is no proper maximum. */
  uncertainty: ParameterUncertainty | null;
}

export interface ParameterUncertainty {
  level: number;
  scale: 'log';
  standardErrors: Record<string, number>;
  /** [lower, upper] of each parameter. */
  intervals: Record<string, [number, number]>;
}

/** The chosen repeat model against the workspace's data (GET /analytics/models). */
export interface ModelDiagnostics {
  /** Rows by recency, columns by frequency, for a customer of the longest age T (days). */
  frequencyRecency: {
    T: number;
    horizon: number;
    frequencies: number[];
    recencies: number[];
    pAlive: number[][];
    expectedPurchases: number[][];
  };
  frequencyHistogram: { frequency: string[]; actual: number[]; model: number[] };
  tracking: {
    kind: RepeatModelKind;
    trainingCutoff: string;
    weeks: { weekEnd: string; actual: number; model: number; actualWeekly: number; modelWeekly: number }[];
  };
}

export type ModelAbsentReason =
  | 'too-few-customers'
  | 'too-few-repeat-buyers'
  | 'too-short-history'
  | 'no-churn-contrast'
  | 'not-converged';

/** GET /analytics/models: the workspace's one fit behind every prediction. */
export interface ValueModels {
  fittedAsOf: string | null;
  fittedAt: string | null;
  reason: ModelAbsentReason | null;
  /** Why there is no churn model, so no churn risk anywhere; null when there is one. */
  churnReason: ModelAbsentReason | null;
  minimums: { customers: number; repeatBuyers: number; historyDays: number };
  data: { customers: number; repeatBuyers: number; historyDays: number } | null;
  criterion: 'holdout-log-likelihood';
  chosen: RepeatModelKind | null;
  trainingCutoff: string | null;
  candidates: {
    kind: RepeatModelKind;
    params: Record<string, number> | null;
    converged: boolean;
    holdoutLogLikelihood: number | null;
    holdoutMae: number | null;
    reason: string | null;
  }[];
  repeatModel: (Fit & { kind: RepeatModelKind }) | null;
  gammaGamma: Fit | null;
  /** How the customers' 90 % intervals of expected purchases and CLV are made. */
  customerIntervals: { level: number; method: 'delta-method' };
  diagnostics: ModelDiagnostics | null;
  churn: {
    horizonDays: number;
    terms: { feature: string; coefficient: number }[];
    intercept: number;
    trainingRows: number;
    trainingRate: number | null;
    converged: boolean;
    backtest: {
      calibrationEnd: string;
      holdoutEnd: string;
      customers: number;
      lapsedRate: number;
      churnModel: ScoreFigures;
      daysSinceLast: ScoreFigures;
      modelNoPurchase: (ScoreFigures & { kind: RepeatModelKind }) | null;
    } | null;
  } | null;
}

interface ScoreFigures {
  auc: number | null;
  brier: number | null;
}

/** GET/PUT /analytics/churn-bands: lower bounds of the medium, high and critical churn levels. */
/** The repeat-purchase models the scoring compares, in the order the server lists them. */
export const REPEAT_MODEL_KINDS = ['bgnbd', 'mbgnbd', 'pareto-nbd'] as const;
export type RepeatModelKind = (typeof REPEAT_MODEL_KINDS)[number];

/** GET/PUT /analytics/models/candidates: the repeat models that compete for the workspace's fit. */
export interface ModelCandidates {
  repeatModels: RepeatModelKind[];
}

export interface ChurnBands {
  medium: number;
  high: number;
  critical: number;
}

export interface RevenueDecomposition {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  revenue: string;
  customers: { active: number; new: number; existing: number; retained: number; returning: number };
  retentionRate: number | null;
  spendPerCustomer: string | null;
}

export const CHANNELS = ['phone', 'email', 'sms', 'wechat', 'social', 'visit', 'meeting', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Interaction {
  id: string;
  customerId: string;
  userId: string | null;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  summary: string;
  occurredAt: string;
  nextFollowUpOn: string | null;
}

export interface Transaction {
  id: string;
  occurredAt: string;
  /** A decimal string such as "1234.50". */
  amount: string;
  currency: string;
  externalId: string | null;
}

export interface CustomerStats {
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  purchaseCount: number;
  revenue: string;
}

export interface StageMetrics {
  n: number;
  gap: number | null;
  rhythm: number | null;
  tenure: number | null;
  rev90: number;
  prev90: number;
  pAlive: number | null;
  /** Days the longest-open complaint had stood open; absent without one. */
  openComplaintDays?: number;
  /** The share of satisfaction the latest survey answer lost; absent without a drop. */
  satisfactionDrop?: number;
}

export type Cause =
  | { type: 'rule'; rule: string; metrics: StageMetrics }
  | { type: 'manual'; userId: string | null; reason: string; until: string | null };

export interface Lifecycle {
  model: string;
  stage: string;
  since: string;
  cause: Cause;
  /** When the workspace has business lines: the stage in each line the customer bought in. */
  byBusinessLine?: { businessLineId: string; stage: string; since: string; cause: Cause }[];
}

export interface BusinessLine {
  id: string;
  name: string;
  version: number;
}

export interface Contact {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  phones: string[];
  emails: string[];
  isPrimary: boolean;
  version: number;
}

export interface StageChange {
  from: string | null;
  to: string;
  at: string;
  businessLineId: string | null;
  cause: Cause;
}

export interface Stage {
  key: string;
  labels: { en: string; 'zh-CN': string };
  colour: string;
}

/** A rule of a stage model: its id defaults to the name of its test. */
export interface StageRule {
  id?: string;
  test: string;
  stage: string;
}

export interface StageModel {
  key: string;
  labels: { en: string; 'zh-CN': string };
  stages: Stage[];
  rules: (StageRule & { thresholds: Record<string, number | null> })[];
}

export interface StageModels {
  current: string;
  effective: StageModel;
  data: { preset: boolean; model: StageModel }[];
}

/** What a lifecycle settings change would move (`POST /lifecycle/preview`); `from` null: not placed yet. */
export interface LifecyclePreview {
  asOf: string;
  model: string;
  evaluated: number;
  moving: number;
  moves: { from: string | null; to: string; count: number }[];
}

export interface Distribution {
  model: string;
  asOf: string | null;
  stages: {
    stage: string;
    labels: Stage['labels'] | null;
    colour: string | null;
    count: number;
    revenue: string;
  }[];
}

export const ROLES = ['owner', 'admin', 'manager', 'rep', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  active: boolean;
  createdAt: string;
}

/** An open invitation (GET /invitations). */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: 'pending' | 'expired';
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
}

/** What inviting or sending again answers: the link only where the server has no mail. */
export interface InvitationSent {
  invitation: Invitation;
  sent: boolean;
  link: string | null;
}

/** What the holder of an invitation link sees. */
export interface InvitationView {
  workspaceName: string;
  email: string;
  role: Role;
  expiresAt: string;
  hasAccount: boolean;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  locale: 'en' | 'zh-CN';
  mfaEnabled: boolean;
}

export const DUPLICATE_REASONS = [
  'same-phone',
  'same-email',
  'same-name',
  'same-pinyin',
  'similar-name',
  'same-company',
  'similar-company',
  'same-email-domain',
] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Customers that may be one, with why: the strongest evidence first. */
export interface DuplicateGroup {
  /** 0–1: 0.6 is a shared name, 0.9 a shared phone or e-mail. */
  score: number;
  reasons: DuplicateReason[];
  customers: Customer[];
}

/** A merge that can still be undone (GET /customer-merges). */
export interface CustomerMerge {
  id: string;
  survivor: { id: string; name: string };
  sources: { id: string; name: string }[];
  moved: { transactions: number; interactions: number; contacts: number };
  mergedAt: string;
  mergedBy: string | null;
  undoUntil: string;
}

export interface ImportCounts {
  read: number;
  imported: number;
  updated: number;
  duplicates: number;
  rejected: number;
}

/** An import of a file: its state, how far it read, and what became of its rows. */
export interface ImportJob {
  id: string;
  kind: 'customers' | 'transactions' | 'interactions';
  status: 'queued' | 'running' | 'done' | 'failed';
  fileName: string;
  /** Share of the file read, 0–1. */
  progress: number;
  counts: ImportCounts;
  dryRun: boolean;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** What the user chose about how screens look; an unset key is the screen's default. */
export interface Preferences {
  customerColumns?: CustomerColumn[];
  /** Named customer lists: the list's filters and sort as the address bar has them (saved-views.ts reads them). */
  customerViews?: { name: string; search: object }[];
}

export interface Workspace {
  id: string;
  name: string;
  role: string;
  currency: string;
  timezone: string;
  /** ISO 3166 region whose numbers are written without a country code. */
  phoneRegion: string;
}

type ShownStage = { labels: Stage['labels'] | null; colour: string | null };

export interface Transitions {
  model: string;
  from: string;
  to: string;
  nodes: ({ id: string; side: 'from' | 'to'; stage: string | null } & ShownStage)[];
  links: { source: string; target: string; value: number }[];
}

export const KPI_KEYS = [
  'explorationDays',
  'formationDays',
  'stabilityDays',
  'declineRate',
  'recoveryRate',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

export interface Kpis {
  model: string;
  from: string;
  to: string;
  series: ({ month: string } & Record<KpiKey, number | null>)[];
}

export interface Task {
  id: string;
  customerId: string | null;
  assigneeId: string | null;
  title: string;
  /** A playbook task's title in both languages; null for tasks made by hand. */
  titles: { en: string; 'zh-CN': string } | null;
  notes: string | null;
  dueOn: string | null;
  status: 'open' | 'done';
  doneAt: string | null;
  source: 'manual' | 'playbook';
  stage: string | null;
  version: number;
  createdAt: string;
}

/** One entry of the audit trail (`GET /audit`). */
/** A background job of the workspace (GET /jobs): an import's run or a nightly refresh. */
export interface Job {
  id: string;
  name: string;
  state: 'queued' | 'running' | 'failed' | 'finished' | 'cancelled';
  data: Record<string, unknown>;
  failures: number;
  retryLimit: number;
  createdAt: string;
  startAfter: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  userEmail: string | null;
  userName: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditSettings {
  retentionDays: number;
}

export interface PrivacySettings {
  eraseInactiveAfterYears: number | null;
}

export type ConsentChannel = 'email' | 'sms' | 'phone' | 'wechat' | 'post';

export interface ConsentEvent {
  id: string;
  channel: ConsentChannel;
  granted: boolean;
  source: string;
  at: string;
  userId: string | null;
  recordedAt: string;
}

export interface Consents {
  current: Partial<Record<ConsentChannel, boolean>>;
  events: ConsentEvent[];
}

export type TicketStatus = 'new' | 'triaged' | 'in_progress' | 'waiting' | 'resolved' | 'closed';
export type TimerState = 'none' | 'running' | 'near_breach' | 'breached' | 'paused' | 'met' | 'missed';

export interface SlaTimer {
  state: TimerState;
  targetMinutes: number | null;
  remainingMinutes: number | null;
  dueAt: string | null;
}

export interface Ticket {
  id: string;
  number: number;
  customerId: string;
  customerName: string;
  contactId: string | null;
  kind: 'complaint' | 'inquiry' | 'repair' | 'suggestion';
  channel: 'phone' | 'email' | 'web' | 'chat' | 'visit' | 'other';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  category: string | null;
  subject: string;
  description: string | null;
  status: TicketStatus;
  assigneeId: string | null;
  businessLineId: string | null;
  teamId: string | null;
  createdBy: string | null;
  sla: { policy: string | null; firstResponse: SlaTimer; nextResponse: SlaTimer; resolution: SlaTimer };
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TicketEvent {
  id: string;
  kind:
    | 'created'
    | 'status'
    | 'assigned'
    | 'team'
    | 'business_line'
    | 'priority'
    | 'category'
    | 'note'
    | 'reply'
    | 'customer_message'
    | 'sla_warning'
    | 'sla_breach';
  authorId: string | null;
  detail: { from?: string | null; to?: string | null; text?: string; timer?: string };
  at: string;
}

export interface ServiceSettings {
  categories: { code: string; names: { en: string; 'zh-CN': string } }[];
  reopenDays: number;
}

export interface SurveyView {
  kind: 'ticket' | 'relationship';
  locale: 'en' | 'zh-CN';
  workspaceName: string;
  ticketSubject: string | null;
  nps: boolean;
  dimensions: { code: string; names: { en: string; 'zh-CN': string } }[];
  answered: boolean;
  expiresAt: string;
}

/** A change of one of a customer's tickets, on the customer's timeline. */
export interface CustomerTicketEvent extends TicketEvent {
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
}

export interface SurveyIssued {
  id: string;
  link: string | null;
  sent: boolean;
  /** Queued in care's message log for the workspace's own e-mail channel. */
  queued: boolean;
  expiresAt: string;
}

/** A care rule (see docs/care.md): trigger, conditions and actions are the API's JSON as written. */
export interface CareRule {
  id: string;
  names: { en: string; 'zh-CN': string };
  enabled: boolean;
  trigger: { type: string } & Record<string, unknown>;
  conditions: Record<string, unknown>;
  actions: ({ type: string } & Record<string, unknown>)[];
  holdoutPercent: number;
  version: number;
}

export interface CareMessage {
  id: string;
  ruleId: string | null;
  customerId: string;
  occasion: string;
  channel: string;
  status: 'queued' | 'held' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';
  reason: string | null;
  attempts: number;
  deliveredAt?: string | null;
  createdAt: string;
}

/** The care settings as the API shows them: secrets only by their last characters. */
export interface CareSettings {
  paused: boolean;
  quietStart: number;
  quietEnd: number;
  capMessages: number;
  capDays: number;
  /** Caps of one channel each, beside the cap across all channels. */
  channelCaps: Partial<Record<CareChannel, { messages: number; days: number }>>;
  webhookAllowedHosts: string[];
  /** The guards' version; a change sends it as If-Match. */
  version: number;
  webhookSecretHint: string | null;
  smtp: { host: string; port: number; user: string | null; from: string; passwordHint: string | null } | null;
}

export interface CareCalendar {
  from: string;
  data: { day: string; ruleId: string; customerId: string; name: string; occasion: string }[];
}

export const CARE_CHANNELS = ['email', 'sms', 'wechat', 'other'] as const;
export type CareChannel = (typeof CARE_CHANNELS)[number];

/** Why a dry run reaches a customer: the trigger's occasion, and each condition with the customer's value. */
export interface CareReason {
  trigger: { type: string; day: string; occasion: string };
  conditions: { condition: string; expected: unknown; actual: unknown }[];
}

export interface CarePreview {
  day: string;
  data: { customerId: string; name: string; occasion: string; heldOut: boolean; why: CareReason }[];
}

/** A template of the workspace: one e-mail, webhook or task action of a rule. */
export interface CareTemplate {
  ruleId: string;
  ruleNames: { en: string; 'zh-CN': string };
  ruleVersion: number;
  actionIndex: number;
  action: { type: 'email' | 'webhook' | 'task' } & Record<string, unknown>;
}

export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

export interface CareTemplatePreview {
  customerId: string;
  name: string;
  language: 'en' | 'zh-CN';
  rendered: { en: RenderedMessage; 'zh-CN': RenderedMessage };
}

/** A public pool (GET /pools): customers without an owner wait in one, for its members to claim. */
export interface Pool {
  id: string;
  name: string;
  isDefault: boolean;
  claimsPerDay: number | null;
  heldLimit: number | null;
  reclaimCooldownDays: number;
  /** Different pool customers a rep may open per day; null: no limit. */
  detailsPerDay: number | null;
  /** Limits for the members of one team or role, replacing the pool's claims per day and customers held. */
  memberLimits: MemberLimit[];
  /** When an owned customer goes back: the first rule that applies to it decides. */
  returnRules: ReturnRule[];
  /** Days before a return that the owner is warned, and (at most as many) that their team's managers are. */
  warnDays: number;
  managerWarnDays: number;
  /** Days left at or below which an owned customer's return shows in red. */
  urgentDays: number;
  /** Empty for the default pool, which every member belongs to. */
  memberIds: string[];
  version: number;
}

/** A pool's return rule (src/ownership/return-rules.ts): none of abcClass or stage means every customer. */
export interface ReturnRule {
  abcClass?: 'A' | 'B' | 'C';
  stage?: string;
  /** Customers who bought in this business line; its purchases alone restart the purchase clock. */
  businessLineId?: string;
  /** Customers whose predicted CLV is at least `min` and below `max`. */
  clvBand?: { min?: number; max?: number };
  noFollowUpDays?: number;
  noPurchaseDays?: number;
  exempt?: boolean;
}

/** Names either a role or a team; a limit left out keeps the pool's, null lifts it. */
export interface MemberLimit {
  role?: Role;
  teamId?: string;
  claimsPerDay?: number | null;
  heldLimit?: number | null;
}

/** POST /pools and PATCH /pools/:id. */
export interface PoolInput {
  name: string;
  claimsPerDay: number | null;
  heldLimit: number | null;
  reclaimCooldownDays: number;
  detailsPerDay: number | null;
  warnDays: number;
  managerWarnDays: number;
  urgentDays: number;
  returnRules: ReturnRule[];
  memberLimits: MemberLimit[];
  memberIds?: string[];
}

/** GET /analytics/churn-reasons: released customers by why the relationship ended, stage, owner and month. */
export interface ChurnReasons {
  data: {
    category: 'company' | 'competitor' | 'customer';
    stage: string | null;
    ownerId: string | null;
    /** `YYYY-MM` in the workspace's time zone. */
    month: string;
    customers: number;
    revenue: string;
  }[];
}

/** One change of a customer's owner (GET /customers/:id/ownership-events), newest first. */
export interface OwnershipEvent {
  id: string;
  customerId: string;
  at: string;
  kind: 'claim' | 'release' | 'assign' | 'transfer' | 'return' | 'warning';
  fromUserId: string | null;
  toUserId: string | null;
  byUserId: string | null;
  poolId: string | null;
  reason: string | null;
  /** A reason the product gave itself, worded from its code and parameters in each language. */
  reasonCode: 'return-rule' | 'return-warning' | 'return-escalation' | 'merge' | 'import' | null;
  reasonParams: Record<string, unknown> | null;
  churnReason: 'company' | 'competitor' | 'customer' | null;
}

/** A message in the caller's inbox (GET /me/notifications). */
export interface Notification {
  id: string;
  kind: 'return-warning' | 'assignment' | 'churn-warning';
  customerId: string | null;
  customerName: string | null;
  /** As src/notifications/schema.ts documents them for each kind. */
  params: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface Inbox {
  data: Notification[];
  unread: number;
}

/** Who has a customer and when it returns to its pool (claim, release, assign answer this). */
export interface Ownership {
  customerId: string;
  ownerId: string | null;
  poolId: string | null;
  ownedSince: string | null;
  returnsAt: string | null;
  daysLeft: number | null;
  /** At most the pool's urgentDays left. */
  returnUrgent: boolean;
}

export interface Team {
  id: string;
  name: string;
  createdAt: string;
}

/** A team member's figures in a manager's day. */
export interface TeamMemberDay {
  userId: string;
  name: string;
  customersHeld: number;
  followUpsDue: number;
  followUpsOverdue: number;
  tasksOverdue: number;
  atRiskNotContacted: number;
}

/** GET /me/day: the caller's day; `team` only for a manager. */
export interface MyDay {
  day: string;
  tasks: { id: string; customerId: string | null; title: string; dueOn: string; overdue: boolean }[];
  followUps: { customerId: string; name: string; dueOn: string; overdue: boolean }[];
  returningSoon: {
    customerId: string;
    name: string;
    returnsAt: string;
    daysLeft: number;
    returnUrgent: boolean;
  }[];
  newAssignments: { customerId: string; name: string; at: string; byUserId: string | null }[];
  /** My customers at high or critical churn risk, the most value at risk first. */
  churnWarnings: { customerId: string; name: string; churnLevel: string; valueAtRisk: string | null }[];
  /** Birthdays and first-purchase anniversaries of my customers, today and the next six days. */
  occasions: {
    customerId: string;
    name: string;
    kind: 'birthday' | 'anniversary';
    on: string;
    years: number;
  }[];
  team: {
    members: TeamMemberDay[];
    totals: {
      followUpsLogged: number;
      claimed: number;
      returned: number;
      followUpsOverdue: number;
      tasksOverdue: number;
    };
    atRisk: {
      customerId: string;
      name: string;
      ownerId: string;
      churnLevel: string;
      valueAtRisk: string | null;
      lastContactAt: string | null;
    }[];
  } | null;
}

/** GET /business-lines: a line of business a purchase may belong to. */
export interface BusinessLine {
  id: string;
  name: string;
}

/** A personal API token as `GET /auth/tokens` lists it (never its secret). */
export interface PersonalToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** A token just created: the only answer that carries its secret. */
export interface NewPersonalToken {
  id: string;
  name: string;
  token: string;
  expiresAt: string;
}
