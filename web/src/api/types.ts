/**
 * Names for the API's JSON shapes that screens pass around. Every shape is the generated type of a route
 * (openapi.ts, from the server's zod schemas), and so is a list of all the values the API takes; what is
 * written here by hand is the app's own: option lists in the order screens offer them, each checked against
 * the type it lists.
 */
import type { ClientPathsWithMethod, MethodResponse } from 'openapi-fetch';
import type { ApiClient } from './api-client';
import {
  type paths,
  pathsCustomersGetParametersQuerySegmentValues,
  pathsMePreferencesGetResponses200ContentApplicationJsonCustomerColumnsValues,
} from './openapi';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route answers on success, as the client reads it: `Answer<'/customers/{id}'>`, `Answer<'/pools', 'post'>`. */
export type Answer<P extends keyof paths, M extends Method = 'get'> =
  P extends ClientPathsWithMethod<ApiClient, M> ? MethodResponse<ApiClient, M, P> : never;

/** The JSON body a route takes: `RequestBody<'/pools', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? NonNullable<B> extends { content: { 'application/json': infer T } }
    ? T
    : never
  : never;

/** One item of a list answer (`{ data: [...] }`). */
type Item<P extends keyof paths> = Answer<P> extends { data: (infer T)[] } ? T : never;

/** A page of a list: its rows, the cursor of the next page, and the count when asked for. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

export type Customer = Answer<'/customers/{id}'>;
export type CustomerType = Customer['type'];
export const CUSTOMER_TYPES = [
  'consumer',
  'distributor',
  'internal',
  'public',
] as const satisfies CustomerType[];

export type Preferences = Answer<'/me/preferences'>;
export type CustomerColumn = NonNullable<Preferences['customerColumns']>[number];
/** The columns a customer list can show beside the name, in the API's order, which the chooser offers. */
export const CUSTOMER_COLUMNS = pathsMePreferencesGetResponses200ContentApplicationJsonCustomerColumnsValues;

export type CustomerValueSummary = NonNullable<Customer['value']>;
export type AbcClass = CustomerValueSummary['abcClass'];
export const ABC_CLASSES = ['A', 'B', 'C'] as const satisfies AbcClass[];

/** The English RFM segments, in the API's order. */
export const RFM_SEGMENTS = pathsCustomersGetParametersQuerySegmentValues;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export type ChurnLevel = NonNullable<CustomerValueSummary['churnLevel']>;
export const CHURN_LEVELS = ['low', 'medium', 'high', 'critical'] as const satisfies ChurnLevel[];

export type CustomerValue = Answer<'/customers/{id}/value'>;
export type ChurnReason = CustomerValue['churnReasons'][number];
export type RfmReport = Answer<'/analytics/rfm'>;
export type AbcReport = Answer<'/analytics/abc'>;
export type ValueScales = Answer<'/analytics/value-scales'>;
export type ValueScalesInput = RequestBody<'/analytics/value-scales', 'put'>;
export type ClvReport = Answer<'/analytics/clv'>;
export type ChurnWarning = Item<'/analytics/churn-warnings'>;
export type ChurnBands = Answer<'/analytics/churn-bands'>;
export type RevenueDecomposition = Answer<'/analytics/revenue-decomposition'>;
export type ChurnReasons = Answer<'/analytics/churn-reasons'>;

/** GET /analytics/models: the workspace's one fit behind every prediction. */
export type ValueModels = Answer<'/analytics/models'>;
export type ModelDiagnostics = NonNullable<ValueModels['diagnostics']>;
export type ParameterUncertainty = NonNullable<NonNullable<ValueModels['gammaGamma']>['uncertainty']>;
export type ModelCandidates = Answer<'/analytics/models/candidates'>;
export type RepeatModelKind = ModelCandidates['repeatModels'][number];
/** The repeat-purchase models the scoring compares, in the order the server lists them. */
export const REPEAT_MODEL_KINDS = ['bgnbd', 'mbgnbd', 'pareto-nbd'] as const satisfies RepeatModelKind[];

export type Interaction = Item<'/customers/{customerId}/interactions'>;
export type Channel = Interaction['channel'];
export const CHANNELS = [
  'phone',
  'email',
  'sms',
  'wechat',
  'social',
  'visit',
  'meeting',
  'other',
] as const satisfies Channel[];

export type Transaction = Item<'/transactions'>;
export type CustomerStats = Answer<'/customers/{id}/stats'>;
export type Contact = Item<'/customers/{customerId}/contacts'>;
export type BusinessLine = Item<'/business-lines'>;

export type Lifecycle = Answer<'/customers/{id}/lifecycle'>;
export type Cause = Lifecycle['cause'];
export type StageMetrics = Extract<Cause, { type: 'rule' }>['metrics'];
export type StageChange = Item<'/customers/{id}/lifecycle/history'>;
export type StageModels = Answer<'/lifecycle/models'>;
export type StageModel = StageModels['effective'];
export type Stage = StageModel['stages'][number];
export type StageRule = StageModel['rules'][number];
/** What a lifecycle settings change would move (`POST /lifecycle/preview`); `from` null: not placed yet. */
export type LifecyclePreview = Answer<'/lifecycle/preview', 'post'>;
export type Distribution = Answer<'/lifecycle/distribution'>;
export type Transitions = Answer<'/lifecycle/transitions'>;
export type Kpis = Answer<'/lifecycle/kpis'>;
export const KPI_KEYS = [
  'explorationDays',
  'formationDays',
  'stabilityDays',
  'declineRate',
  'recoveryRate',
] as const satisfies (keyof Kpis['series'][number])[];
export type KpiKey = (typeof KPI_KEYS)[number];

export type Member = Item<'/members'>;
export type Role = Member['role'];
export const ROLES = ['owner', 'admin', 'manager', 'rep', 'analyst'] as const satisfies Role[];
export type Invitation = Item<'/invitations'>;
export type InvitationSent = Answer<'/invitations', 'post'>;
export type InvitationView = Answer<'/invitations/lookup', 'post'>;
export type Me = Answer<'/auth/me'>;
export type Workspace = Answer<'/workspace'>;
export type WorkspaceChanges = RequestBody<'/workspace', 'patch'>;
export type Team = Item<'/teams'>;
export type PersonalToken = Item<'/auth/tokens'>;
export type NewPersonalToken = Answer<'/auth/tokens', 'post'>;

export type DuplicateGroup = Item<'/customers/duplicates'>;
export type DuplicateReason = DuplicateGroup['reasons'][number];
export type CustomerMerge = Item<'/customer-merges'>;
/** A contract a customer signed. */
export type Contract = Item<'/customers/{id}/contracts'>;
export type ContractInput = RequestBody<'/customers/{id}/contracts', 'post'>;

export type ImportJob = Answer<'/imports/{id}'>;
export type ImportCounts = ImportJob['counts'];
/** How an import would read a file: its columns, the field each goes to, and its first rows. */
export type ImportPreview = Answer<'/imports/preview', 'post'>;
export type ImportMappingProblem = ImportPreview['problems'][number];
export type ImportRowError = ImportPreview['rows'][number]['errors'][number];
/** A line of a customer import that matched an existing customer or repeats an earlier line. */
export type ImportMatch = Item<'/imports/{id}/matches'>;

export type Task = Item<'/tasks'>;
export type Job = Item<'/jobs'>;
export type AuditEntry = Item<'/audit'>;
export type AuditSettings = Answer<'/audit/settings'>;
export type PrivacySettings = Answer<'/privacy/settings'>;
export type Consents = Answer<'/customers/{id}/consents'>;
export type ConsentChannel = Consents['events'][number]['channel'];

export type Ticket = Answer<'/tickets/{id}'>;
export type TicketStatus = Ticket['status'];
export type SlaTimer = Ticket['sla']['firstResponse'];
export type TicketEvent = Item<'/tickets/{id}/events'>;
/** A change of one of a customer's tickets, on the customer's timeline. */
export type CustomerTicketEvent = Item<'/customers/{id}/ticket-events'>;
export type ServiceSettings = Answer<'/service/settings'>;
export type SurveyView = Answer<'/surveys/lookup', 'post'>;
export type SurveyIssued = Answer<'/tickets/{id}/survey', 'post'>;

export type CareRule = Answer<'/care/rules/{id}'>;
export type CareMessage = Item<'/care/messages'>;
/** The care settings as the API shows them: secrets only by their last characters. */
export type CareSettings = Answer<'/care/settings'>;
export type CareCalendar = Answer<'/care/calendar'>;
export type CareChannel = keyof CareSettings['channelCaps'];
export const CARE_CHANNELS = ['email', 'sms', 'wechat', 'other'] as const satisfies CareChannel[];
export type CarePreview = Answer<'/care/rules/{id}/preview'>;
export type CareTemplate = Item<'/care/templates'>;
export type CareTemplatePreview = Answer<'/care/templates/preview', 'post'>;

export type Pool = Item<'/pools'>;
export type ReturnRule = Pool['returnRules'][number];
export type MemberLimit = Pool['memberLimits'][number];
/** POST /pools and PATCH /pools/:id. */
export type PoolInput = RequestBody<'/pools', 'post'>;
export type OwnershipEvent = Item<'/customers/{id}/ownership-events'>;
export type Inbox = Answer<'/me/notifications'>;
export type Notification = Inbox['data'][number];
/** Who has a customer and when it returns to its pool (claim, release, assign answer this). */
export type Ownership = Answer<'/customers/{id}/ownership'>;
/** GET /me/day: the caller's day; `team` only for a manager. */
export type MyDay = Answer<'/me/day'>;
