import type { MailMessage } from '../mail/send-mail.js';

/** The survey page for a link; the secret rides in the query, which the server never logs. */
export const surveyLink = (publicUrl: string, token: string) =>
  `${publicUrl}/survey?token=${encodeURIComponent(token)}`;

/** The invitation to answer, in the customer's language. */
export function surveyMail(
  to: string,
  locale: 'en' | 'zh-CN',
  workspaceName: string,
  link: string,
): MailMessage {
  if (locale === 'zh-CN')
    return {
      to,
      subject: `${workspaceName} 想听听您的意见`,
      text: [
        `感谢您联系 ${workspaceName}。请花一分钟告诉我们您的感受：`,
        '',
        link,
        '',
        '此链接仅可使用一次。',
      ].join('\n'),
    };
  return {
    to,
    subject: `How did ${workspaceName} do?`,
    text: [
      `Thank you for contacting ${workspaceName}. Please take a minute to tell us how we did:`,
      '',
      link,
      '',
      'The link works once.',
    ].join('\n'),
  };
}
