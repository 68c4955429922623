import type { z } from 'zod';
import type { Tx } from '../db/tenant.js';
import { badRequest } from '../errors.js';
import type { Workspace } from './evaluate.js';
import { customerFacts } from './facts.js';
import { renderMessage } from './message.js';
import { templateData } from './occurrences.js';
import type { templatePreviewInput } from './schema.js';

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
    rendered: {
      en: renderMessage(input.action, 'en', data),
      'zh-CN': renderMessage(input.action, 'zh-CN', data),
    },
  };
}
