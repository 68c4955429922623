import type { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { AppError, badRequest } from '../errors.js';
import type { Workspace } from './evaluate.js';
import { customerFacts } from './facts.js';
import { type Language, type MessageAction, renderMessage } from './message.js';
import { templateData } from './occurrences.js';
import type { templatePreviewInput } from './schema.js';
import type { TemplateData } from './templates.js';

/**
 * An action's templates filled with a real customer's fields, in both languages, on local day `day`
 * (the occasion is the preview itself). An e-mail shows its HTML part as it would go out, without
 * the unsubscribe footer, whose link is made per message.
 */
export async function previewTemplate(
  tx: Tx,
  workspace: Workspace,
  day: string,
  input: z.output<typeof templatePreviewInput>,
) {
  const [customer] = await customerFacts(tx, workspace.timezone, day, [input.customerId]);
  if (!customer)
    throw badRequest('no such customer', [
      { path: 'body.customerId', code: 'unknown_customer', message: 'is not a customer of the workspace' },
    ]);
  const data = templateData(customer, { key: 'preview', day });
  return {
    customerId: customer.id,
    name: customer.name,
    language: input.action.type === 'task' ? customer.ownerLanguage : customer.language,
    rendered: { en: rendered(input.action, 'en', data), 'zh-CN': rendered(input.action, 'zh-CN', data) },
  };
}

/** A template that parses may still fail as it runs (a loop past the render limits): the author's to fix. */
function rendered(action: MessageAction, language: Language, data: TemplateData) {
  try {
    return renderMessage(action, language, data);
  } catch (error) {
    throw new AppError(
      422,
      'template-failed',
      `the template could not be rendered: ${(error as Error).message}`,
    );
  }
}
