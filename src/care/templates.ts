import { Liquid } from 'liquidjs';

/**
 * Message templates written by users, in Liquid: `Dear {{ customer.name }}, happy birthday!`. Messages
 * are plain text (e-mail text/plain, SMS), so output is not HTML-escaped; templates see only the
 * fields given to them (own properties), and a loop or include cannot reach the file system.
 */
const liquid = new Liquid({
  ownPropertyOnly: true,
  strictFilters: true,
  relativeReference: false,
  root: [],
  partials: [],
  layouts: [],
  renderLimit: 1000,
  parseLimit: 100_000,
  memoryLimit: 1_000_000,
});

// Tags that read other files: a message template stands alone.
const FILE_TAGS = /\{%-?\s*(include|render|layout)\b/;

/** Why a template cannot be parsed, or null when it can. */
export function templateError(source: string): string | null {
  if (FILE_TAGS.test(source)) return 'not a valid template: include, render and layout are not available';
  try {
    liquid.parse(source);
    return null;
  } catch (error) {
    return `not a valid template: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** What a template can use: the customer, their owner, the occasion. */
export interface TemplateData {
  customer: { name: string; company: string | null; stage: string | null; region: string | null };
  owner: { name: string } | null;
  occasion: { key: string; day: string };
}

export function renderTemplate(source: string, data: TemplateData): string {
  return liquid.parseAndRenderSync(source, data);
}
