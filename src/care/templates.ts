import { Liquid } from 'liquidjs';

/**
 * Message templates written by users, in Liquid: `Dear {{ customer.name }}, happy birthday!`. Plain
 * text (an e-mail's text part, SMS, a task's title) is rendered as it is; an e-mail's HTML part is
 * rendered with Liquid's `outputEscape: 'escape'`, so every value a template prints (a customer named
 * `<script>`) arrives escaped. Templates see only the fields given to them (own properties), and a loop
 * or include cannot reach the file system.
 */
const options = {
  ownPropertyOnly: true,
  strictFilters: true,
  relativeReference: false,
  root: [],
  partials: [],
  layouts: [],
  renderLimit: 1000,
  parseLimit: 100_000,
  memoryLimit: 1_000_000,
};
const liquid = new Liquid(options);
const htmlLiquid = new Liquid({ ...options, outputEscape: 'escape' });

// Tags that read other files: a message template stands alone.
const FILE_TAGS = /\{%-?\s*(include|render|layout)\b/;
// `raw` prints a value unescaped, which would undo the HTML part's escaping.
const RAW_FILTER = /\{[{%][^}]*\|\s*raw\b/;

/** Why a template cannot be parsed, or null when it can. */
export function templateError(source: string): string | null {
  if (FILE_TAGS.test(source)) return 'not a valid template: include, render and layout are not available';
  if (RAW_FILTER.test(source)) return 'not a valid template: the raw filter is not available';
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

/**
 * The template as HTML: every printed value escaped by the engine, the template's own words kept as
 * written (its author may use simple markup), line breaks as `<br>`.
 */
export function renderHtmlTemplate(source: string, data: TemplateData): string {
  return htmlLiquid.parseAndRenderSync(source, data).replace(/\r?\n/g, '<br>\n');
}
