import { z } from 'zod';

const locale = z.enum(['en', 'zh-CN']);
const names = z.object({ en: z.string(), 'zh-CN': z.string() });
const scale7 = z.number().int().min(1).max(7);

export const surveyToken = z.strictObject({ token: z.string().min(20).max(200) });

/** What the survey page needs to show, and nothing about the customer beyond the ticket's subject. */
export const surveyView = z.object({
  kind: z.enum(['ticket', 'relationship']),
  locale,
  workspaceName: z.string(),
  ticketSubject: z.string().nullable(),
  nps: z.boolean(),
  dimensions: z.array(z.object({ code: z.string(), names })),
  answered: z.boolean(),
  expiresAt: z.iso.datetime(),
});

export const surveyAnswer = z.strictObject({
  token: z.string().min(20).max(200),
  csat: z.number().int().min(1).max(5).optional(),
  nps: z.number().int().min(0).max(10).optional(),
  comment: z.string().trim().max(2000).optional(),
  ratings: z
    .array(z.strictObject({ code: z.string().max(40), expectation: scale7, perception: scale7 }))
    .max(20)
    .optional(),
});
export type SurveyAnswer = z.infer<typeof surveyAnswer>;

export const surveyRequest = z.strictObject({ locale: locale.optional() });

export const surveyIssued = z.object({
  id: z.uuid(),
  /** The page to send the customer; null when it went out by e-mail (the secret is not shown twice). */
  link: z.string().nullable(),
  sent: z.boolean(),
  /**
   * Queued in care's message log, to go out through the workspace's e-mail channel if the customer
   * consents (see the log); the link is still given for a customer it does not reach.
   */
  queued: z.boolean(),
  expiresAt: z.iso.datetime(),
});

export const surveyJson = z.object({
  id: z.uuid(),
  kind: z.enum(['ticket', 'relationship']),
  ticketId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  answeredAt: z.iso.datetime().nullable(),
  csat: z.number().nullable(),
  nps: z.number().nullable(),
  comment: z.string().nullable(),
  ratings: z
    .array(z.object({ code: z.string(), expectation: z.number(), perception: z.number() }))
    .nullable(),
  /** C = b / a per dimension and overall, for a relationship survey that was answered. */
  satisfaction: z
    .object({ byDimension: z.record(z.string(), z.number()), overall: z.number().nullable() })
    .nullable(),
});
export type SurveyJson = z.infer<typeof surveyJson>;
