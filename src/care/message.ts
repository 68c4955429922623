import type { Action } from './schema.js';
import { renderHtmlTemplate, renderTemplate, type TemplateData } from './templates.js';

export type Language = 'en' | 'zh-CN';

/** A message as it goes out: an e-mail has a subject and an HTML part beside its text. */
export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

export type MessageAction = Extract<Action, { type: 'email' | 'webhook' | 'task' }>;

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const footerText = (language: Language) =>
  language === 'zh-CN' ? '不想再收到此类邮件？退订：' : 'To stop these e-mails: ';

/**
 * An action's templates rendered for one customer in one language. An e-mail gets its unsubscribe
 * footer in both parts when `unsubscribeLink` is given (a preview has none).
 */
export function renderMessage(
  action: MessageAction,
  language: Language,
  data: TemplateData,
  unsubscribeLink: string | null = null,
): RenderedMessage {
  if (action.type === 'task')
    return { subject: null, text: renderTemplate(action.title[language], data), html: null };
  if (action.type === 'webhook')
    return { subject: null, text: renderTemplate(action.text[language], data), html: null };
  const body = action.body[language];
  const footer = unsubscribeLink ? `\n\n--\n${footerText(language)}${unsubscribeLink}\n` : '';
  const htmlFooter = unsubscribeLink
    ? `<hr><p>${escapeHtml(footerText(language))}<a href="${escapeHtml(unsubscribeLink)}">${escapeHtml(unsubscribeLink)}</a></p>`
    : '';
  return {
    // A header is one line.
    subject: renderTemplate(action.subject[language], data).replace(/\s+/g, ' ').trim(),
    text: renderTemplate(body, data) + footer,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body><div>${renderHtmlTemplate(body, data)}</div>${htmlFooter}</body></html>`,
  };
}

/**
 * A message of its own (a survey invitation: text written by the product, not a template), with the
 * unsubscribe footer of every e-mail; its HTML part is the text escaped, line by line.
 */
export function renderOwnMail(
  own: { subject: string; text: string },
  language: Language,
  unsubscribeLink: string,
): RenderedMessage {
  const footer = footerText(language);
  const lines = escapeHtml(own.text).replace(/\n/g, '<br>');
  return {
    subject: own.subject.replace(/\s+/g, ' ').trim(),
    text: `${own.text}\n\n--\n${footer}${unsubscribeLink}\n`,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head><body><div>${lines}</div><hr><p>${escapeHtml(footer)}<a href="${escapeHtml(unsubscribeLink)}">${escapeHtml(unsubscribeLink)}</a></p></body></html>`,
  };
}
