import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/**
 * The one description of every row, as Kysely sees it. Money (`numeric`) is a string so that no
 * amount passes through a float; `date` columns are `YYYY-MM-DD` strings (see type parsers in database.ts).
 */
type Timestamp = Date;
type Money = ColumnType<string, string | number, string | number>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type Role = 'owner' | 'admin' | 'manager' | 'rep' | 'analyst';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  password_hash: string;
  locale: Generated<'en' | 'zh-CN'>;
  preferences: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface AuthTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  kind: 'session' | 'personal';
  name: Generated<string>;
  created_at: Generated<Timestamp>;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginFailuresTable {
  key_hash: Buffer;
  failures: number;
  last_failure_at: Timestamp;
}

export interface UserMfaTable {
  user_id: string;
  secret: string;
  enabled_at: Timestamp | null;
  last_step: number | null;
  created_at: Generated<Timestamp>;
}

export interface MfaRecoveryCodesTable {
  user_id: string;
  code_hash: Buffer;
  used_at: Timestamp | null;
}

export interface WorkspaceAuthPoliciesTable {
  workspace_id: string;
  require_mfa: boolean;
  updated_at: Generated<Timestamp>;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  timezone: Generated<string>;
  currency: Generated<string>;
  phone_region: Generated<string>;
  settings: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TeamsTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  created_at: Generated<Timestamp>;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  team_id: string | null;
  created_at: Generated<Timestamp>;
  /** Set while an admin has deactivated the member: the membership then gives no access. */
  deactivated_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface CustomersTable {
  workspace_id: string;
  id: Generated<string>;
  kind: Generated<'person' | 'organisation'>;
  type: Generated<'consumer' | 'distributor' | 'internal' | 'public'>;
  name: string;
  company: string | null;
  phones: Generated<string[]>;
  emails: Generated<string[]>;
  industry: string | null;
  region: string | null;
  source: string | null;
  tags: Generated<string[]>;
  birthday: string | null;
  custom: Json<Record<string, unknown>>;
  owner_id: string | null;
  consent: Json<Record<string, boolean>>;
  external_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  deleted_at: Timestamp | null;
  /** When the customer's personal data was erased (0017_audit_privacy.sql); the row stays for its figures. */
  erased_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** "zhangwei zw" for 张伟, kept by a trigger (0007_customer_merge.sql); empty without Chinese characters. */
  name_pinyin: ColumnType<string, never, never>;
  /** The pool the customer is in while it has no owner, and returns to (null: the default pool; 0028). */
  pool_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Since when the current owner holds it, kept by a trigger unless the writer sets it. */
  owned_since: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface CustomerAliasesTable {
  workspace_id: string;
  alias_id: string;
  customer_id: string;
  merged_at: Generated<Timestamp>;
}

/** A merge as it can be undone (migration 0050, src/customers/merge-undo.ts). */
export interface CustomerMergesTable {
  workspace_id: string;
  id: Generated<string>;
  survivor_id: string;
  source_ids: string[];
  survivor_before: Json<Record<string, unknown>>;
  survivor_after: Json<Record<string, unknown>>;
  moved: Json<Record<string, Record<string, unknown>>>;
  aliases: Json<Record<string, string[]>>;
  merged_by: string | null;
  merged_at: Generated<Timestamp>;
  undone_by: string | null;
  undone_at: ColumnType<Timestamp | null, Timestamp | string | null | undefined, Timestamp | string | null>;
}

export interface ContactsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  name: string;
  title: string | null;
  phones: Generated<string[]>;
  emails: Generated<string[]>;
  is_primary: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface BusinessLinesTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TransactionsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  business_line_id: string | null;
  occurred_at: Timestamp;
  amount: Money;
  margin: Money | null;
  currency: string;
  external_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface InteractionsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  channel: 'phone' | 'email' | 'sms' | 'wechat' | 'social' | 'visit' | 'meeting' | 'other';
  direction: 'inbound' | 'outbound';
  summary: string;
  occurred_at: Timestamp;
  next_follow_up_on: string | null;
  user_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface CustomerStatsTable {
  workspace_id: string;
  customer_id: string;
  first_purchase_at: Timestamp;
  last_purchase_at: Timestamp;
  purchase_count: number;
  purchase_days: number;
  revenue: Money;
  margin: Money;
}

export interface CustomerLineStatsTable extends CustomerStatsTable {
  business_line_id: string;
}

export interface AuditLogTable {
  workspace_id: string;
  id: Generated<string>;
  at: Generated<Timestamp>;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** `customerId` of `before` and of `after`, kept by PostgreSQL (0017_audit_privacy.sql). */
  before_customer_id: ColumnType<string | null, never, never>;
  after_customer_id: ColumnType<string | null, never, never>;
}

export interface AuditSettingsTable {
  workspace_id: string;
  retention_days: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface PrivacySettingsTable {
  workspace_id: string;
  erase_inactive_years: number | null;
  updated_at: Generated<Timestamp>;
}

export interface ConsentEventsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  channel: 'email' | 'sms' | 'phone' | 'wechat' | 'post';
  granted: boolean;
  source: string;
  at: Timestamp;
  user_id: string | null;
  recorded_at: Generated<Timestamp>;
}

export interface IdempotencyKeysTable {
  workspace_id: string;
  user_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: Json<unknown> | null;
  created_at: Generated<Timestamp>;
}

export interface LifecycleSettingsTable {
  workspace_id: string;
  model: Generated<string>;
  custom_models: Json<unknown[]>;
  thresholds: Json<Record<string, Record<string, number>>>;
  last_as_of: string | null;
  evaluated_model: Json<unknown> | null;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface CustomerLifecycleTable {
  workspace_id: string;
  customer_id: string;
  business_line_id: string | null;
  stage: string;
  since: string;
  cause: Json<Record<string, unknown>>;
  next_check: string | null;
  history_count: ColumnType<number | null, number | null | undefined, number | null>;
  history_digest: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LifecycleHistoryTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  business_line_id: string | null;
  from_stage: string | null;
  to_stage: string;
  at: string;
  cause: Json<Record<string, unknown>>;
  recorded_at: Generated<Timestamp>;
}

export interface LifecycleOverridesTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  stage: string;
  reason: string;
  user_id: string | null;
  until: string | null;
  since: string;
  created_at: Generated<Timestamp>;
  ended_on: string | null;
  ended_reason: 'until' | 'purchase' | 'replaced' | null;
  churn_reason: Json<unknown> | null;
}

export interface LifecycleDirtyTable {
  workspace_id: string;
  customer_id: string;
}

export interface CustomerValuesTable {
  workspace_id: string;
  customer_id: string;
  as_of: string;
  computed_at: Timestamp;
  purchase_days: number;
  days_since_last: number;
  revenue: Money;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_segment: string;
  cn_class: string;
  abc_class: 'A' | 'B' | 'C';
  p_alive: number | null;
  expected_purchases_90d: number | null;
  expected_avg_spend: Money | null;
  clv: Money | null;
  churn_risk: number | null;
  churn_level: string | null;
  churn_reasons: Json<unknown[]>;
  absent_reason: string | null;
  churn_absent_reason: string | null;
  value_at_risk: string | null;
  value_at_risk_band: number | null;
  /** Coarse bands the list's value sorts walk (migration 0061). */
  clv_band: GeneratedAlways<number | null>;
  churn_band: GeneratedAlways<number | null>;
}

export interface CustomerValueModelsTable {
  workspace_id: string;
  /** Lower bounds of the medium, high and critical churn bands (migration 0023). */
  churn_bands: Json<[number, number, number]>;
  cutoffs: Json<Record<string, unknown>> | null;
  cutoffs_as_of: string | null;
  cutoffs_at: ColumnType<Timestamp | null, Timestamp | string | null | undefined, Timestamp | string | null>;
  /** RFM bins and ABC shares of revenue, with their version for If-Match (migration 0050). */
  rfm_bins: Generated<number>;
  abc_a: Generated<number>;
  abc_b: Generated<number>;
  scales_version: Generated<number>;
}

/** The scoring pipeline's fit of a workspace (src/scoring/workspace-model.ts). */
export interface WorkspaceModelsTable {
  workspace_id: string;
  as_of: string;
  fitted_at: ColumnType<Timestamp, Timestamp | string, Timestamp | string>;
  model: Json<Record<string, unknown>>;
}

/** Which repeat-purchase models compete for the workspace's fit (migration 0047). */
export interface ScoringSettingsTable {
  workspace_id: string;
  repeat_models: string[];
}

export interface LifecyclePlaybooksTable {
  workspace_id: string;
  model: string;
  stage: string;
  playbook: Json<Record<string, unknown>>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface LifecyclePlaybookRunsTable {
  workspace_id: string;
  history_id: string;
  ran_at: Generated<Timestamp>;
}

export interface LifecycleRefreshRunsTable {
  workspace_id: string;
  day: string;
  started_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  result: Json<Record<string, unknown>> | null;
}

export interface TasksTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string | null;
  assignee_id: string | null;
  title: string;
  titles: Json<{ en: string; 'zh-CN': string }> | null;
  notes: string | null;
  due_on: string | null;
  status: Generated<'open' | 'done'>;
  done_at: Timestamp | null;
  history_id: string | null;
  action_index: number | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A customer's signed contract (0053); dates are `YYYY-MM-DD`, the amount a decimal string. */
export interface ContractsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  title: string;
  signed_on: string;
  starts_on: string;
  /** Null: open-ended. */
  ends_on: string | null;
  amount: Money | null;
  currency: string;
  business_line_id: string | null;
  note: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportsTable {
  workspace_id: string;
  id: Generated<string>;
  kind: 'customers' | 'transactions' | 'interactions';
  status: Generated<ImportStatus>;
  file_name: string;
  source: 'upload' | 'path';
  path: string | null;
  file_size: number;
  options: Json<Record<string, unknown>>;
  user_id: string | null;
  format: Json<Record<string, unknown>> | null;
  rows_done: Generated<number>;
  progress: Generated<number>;
  read_rows: Generated<number>;
  imported_rows: Generated<number>;
  updated_rows: Generated<number>;
  duplicate_rows: Generated<number>;
  rejected_rows: Generated<number>;
  error: string | null;
  runner: string | null;
  lease_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

export interface ImportFileChunksTable {
  workspace_id: string;
  import_id: string;
  seq: number;
  data: Buffer;
}

export interface ImportErrorsTable {
  workspace_id: string;
  import_id: string;
  line: number;
  column_name: string;
  value: string;
  reason: string;
  /** The reason's stable code; null for lines refused before codes were kept. */
  code: string | null;
  /** The bound the value missed (`too_long`, `wrong_width`). */
  bound: number | null;
}

export interface ImportRowMatchesTable {
  workspace_id: string;
  import_id: string;
  line: number;
  customer_id: string | null;
  outcome: 'matched' | 'duplicate';
  matched_by: 'externalId' | 'phone' | 'email' | 'content' | null;
  earlier_line: number | null;
}

export interface InvitationsTable {
  workspace_id: string;
  id: Generated<string>;
  email: string;
  role: Role;
  token_hash: Buffer;
  invited_by: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: Buffer;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type TicketStatus = 'new' | 'triaged' | 'in_progress' | 'waiting' | 'resolved' | 'closed';

export type TicketEventKind =
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

export interface ServiceSettingsTable {
  workspace_id: string;
  settings: Json<unknown>;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface TicketsTable {
  workspace_id: string;
  id: Generated<string>;
  number: number;
  customer_id: string;
  contact_id: string | null;
  kind: 'complaint' | 'inquiry' | 'repair' | 'suggestion';
  channel: 'phone' | 'email' | 'web' | 'chat' | 'visit' | 'other';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  category: string | null;
  subject: string;
  description: string | null;
  status: Generated<TicketStatus>;
  assignee_id: string | null;
  created_by: string | null;
  policy_name: string | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  waiting_since: Timestamp | null;
  paused_minutes: Generated<number>;
  /** Next-response target and the unanswered customer message it runs from (0035). */
  next_response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  reply_owed_since: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  reply_paused_minutes: Generated<number>;
  /** The ticket's business line and its own team (0043). */
  business_line_id: ColumnType<string | null, string | null | undefined, string | null>;
  team_id: ColumnType<string | null, string | null | undefined, string | null>;
  sla_alerts: Generated<string[]>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TicketEventsTable {
  workspace_id: string;
  id: Generated<string>;
  ticket_id: string;
  kind: TicketEventKind;
  author_id: string | null;
  detail: Json<Record<string, unknown>>;
  at: Generated<Timestamp>;
}

export interface SurveysTable {
  workspace_id: string;
  id: Generated<string>;
  token_hash: Buffer;
  kind: 'ticket' | 'relationship';
  customer_id: string;
  ticket_id: string | null;
  locale: 'en' | 'zh-CN';
  nps_enabled: boolean;
  dimensions: Json<{ code: string; names: { en: string; 'zh-CN': string } }[]>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  ratings: Json<{ code: string; expectation: number; perception: number }[]> | null;
}

export interface CareRulesTable {
  workspace_id: string;
  id: Generated<string>;
  names: Json<{ en: string; 'zh-CN': string }>;
  enabled: Generated<boolean>;
  /** Trigger and actions as the rule schema took them: each names its `type`. */
  trigger: Json<{ type: string } & Record<string, unknown>>;
  conditions: Json<Record<string, unknown>>;
  actions: Json<({ type: string } & Record<string, unknown>)[]>;
  holdout_percent: Generated<number>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface CareSettingsTable {
  workspace_id: string;
  paused: Generated<boolean>;
  quiet_start: Generated<number>;
  quiet_end: Generated<number>;
  cap_messages: Generated<number>;
  cap_days: Generated<number>;
  webhook_allowed_hosts: Generated<string[]>;
  /** Sealed (see auth/sealed-secret); null until an admin makes one. */
  webhook_secret: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_user: string | null;
  /** Sealed, like the webhook key. */
  smtp_password: string | null;
  smtp_from: string | null;
  /** Caps per channel, beside the cap across all channels. */
  channel_caps: Json<
    Partial<Record<'email' | 'sms' | 'wechat' | 'other', { messages: number; days: number }>>
  >;
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
}

export interface CareMessagesTable {
  workspace_id: string;
  id: Generated<string>;
  /** Null for a message no rule sent (a survey invitation), which carries its own subject and body (0043). */
  rule_id: string | null;
  customer_id: string;
  occasion: string;
  action_index: number | null;
  channel: 'email' | 'sms' | 'wechat' | 'other' | 'task' | 'tag';
  status: 'queued' | 'held' | 'sending' | 'sent' | 'delivered' | 'failed' | 'skipped';
  reason: string | null;
  attempts: Generated<number>;
  send_after: Timestamp | null;
  sent_at: Timestamp | null;
  /** Sealed with the server's key: they hold the secret link of a survey. */
  subject: ColumnType<string | null, string | null | undefined, string | null>;
  body: ColumnType<string | null, string | null | undefined, string | null>;
  delivered_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface CareRunsTable {
  workspace_id: string;
  day: string;
  rule_id: string;
  ran_at: Generated<Timestamp>;
}

export interface CareStageEntriesTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  /** Null: the customer as a whole entered the stage. */
  business_line_id: Generated<string | null>;
  stage: string;
  at: string;
  history_id: string;
}

export interface CareChurnSeenTable {
  workspace_id: string;
  customer_id: string;
  level: string;
}

export interface PoolsTable {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  is_default: Generated<boolean>;
  claims_per_day: number | null;
  held_limit: number | null;
  reclaim_cooldown_days: Generated<number>;
  return_rules: Json<unknown[]>;
  warn_days: Generated<number>;
  /** Limits per role or team that replace the pool's own (0033_pool_member_limits.sql). */
  member_limits: ColumnType<unknown[], string | undefined, string>;
  /** Pool customers whose details a member may open per local day; null: no limit (0045). */
  details_per_day: number | null;
  /** Days before a return that the owner's team managers are warned; 0: they are not (0049). */
  manager_warn_days: Generated<number>;
  /** Days left at or below which a customer's return shows as urgent (0052). */
  urgent_days: Generated<number>;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
}

export interface PoolMembersTable {
  workspace_id: string;
  pool_id: string;
  user_id: string;
}

export type OwnershipEventKind = 'claim' | 'release' | 'assign' | 'transfer' | 'return' | 'warning';

export interface OwnershipEventsTable {
  workspace_id: string;
  id: Generated<string>;
  customer_id: string;
  at: Timestamp;
  kind: OwnershipEventKind;
  from_user_id: string | null;
  to_user_id: string | null;
  by_user_id: string | null;
  pool_id: string | null;
  reason: string | null;
  churn_reason: 'company' | 'competitor' | 'customer' | null;
  /** A reason the product wrote itself, worded by each language from its code and parameters (0045). */
  reason_code: OwnershipReasonCode | null;
  reason_params: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export type OwnershipReasonCode = 'return-rule' | 'return-warning' | 'return-escalation' | 'merge' | 'import';

export interface PoolDetailViewsTable {
  workspace_id: string;
  user_id: string;
  day: string;
  customer_id: string;
  pool_id: string;
}

export interface NotificationsTable {
  workspace_id: string;
  id: Generated<string>;
  user_id: string;
  kind: 'return-warning' | 'assignment' | 'churn-warning';
  customer_id: string | null;
  params: Json<Record<string, unknown>>;
  created_at: Generated<Timestamp>;
  read_at: Timestamp | null;
}

/** The churn level of each customer its owner was last told of (0049). */
export interface NotificationChurnSeenTable {
  workspace_id: string;
  customer_id: string;
  level: string;
}

/** Each owned customer's return deadline as the return rules compute it (0052). */
export interface CustomerReturnDeadlinesTable {
  workspace_id: string;
  customer_id: string;
  returns_at: Timestamp;
  /** The index (from 0) of the pool's rule that sets it. */
  rule: number;
  pool_id: string;
}

export interface Tables {
  users: UsersTable;
  auth_tokens: AuthTokensTable;
  login_failures: LoginFailuresTable;
  user_mfa: UserMfaTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  workspace_auth_policies: WorkspaceAuthPoliciesTable;
  workspaces: WorkspacesTable;
  teams: TeamsTable;
  memberships: MembershipsTable;
  customers: CustomersTable;
  customer_aliases: CustomerAliasesTable;
  customer_merges: CustomerMergesTable;
  contacts: ContactsTable;
  business_lines: BusinessLinesTable;
  transactions: TransactionsTable;
  interactions: InteractionsTable;
  customer_stats: CustomerStatsTable;
  customer_line_stats: CustomerLineStatsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_settings: AuditSettingsTable;
  privacy_settings: PrivacySettingsTable;
  consent_events: ConsentEventsTable;
  lifecycle_settings: LifecycleSettingsTable;
  customer_lifecycle: CustomerLifecycleTable;
  lifecycle_history: LifecycleHistoryTable;
  lifecycle_overrides: LifecycleOverridesTable;
  lifecycle_dirty: LifecycleDirtyTable;
  customer_values: CustomerValuesTable;
  customer_value_models: CustomerValueModelsTable;
  workspace_models: WorkspaceModelsTable;
  scoring_settings: ScoringSettingsTable;
  lifecycle_playbooks: LifecyclePlaybooksTable;
  lifecycle_playbook_runs: LifecyclePlaybookRunsTable;
  tasks: TasksTable;
  contracts: ContractsTable;
  lifecycle_refresh_runs: LifecycleRefreshRunsTable;
  imports: ImportsTable;
  import_file_chunks: ImportFileChunksTable;
  import_errors: ImportErrorsTable;
  import_row_matches: ImportRowMatchesTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  service_settings: ServiceSettingsTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  surveys: SurveysTable;
  care_rules: CareRulesTable;
  care_settings: CareSettingsTable;
  care_messages: CareMessagesTable;
  care_runs: CareRunsTable;
  care_stage_entries: CareStageEntriesTable;
  care_churn_seen: CareChurnSeenTable;
  pools: PoolsTable;
  pool_members: PoolMembersTable;
  ownership_events: OwnershipEventsTable;
  pool_detail_views: PoolDetailViewsTable;
  notifications: NotificationsTable;
  notification_churn_seen: NotificationChurnSeenTable;
  customer_return_deadlines: CustomerReturnDeadlinesTable;
}
