import type { MailMessage } from '../mail/send-mail.js';
import type { IssuedReset } from './password-resets.js';

/** The web app's page for a reset link; the secret rides in the query, which the server never logs. */
export const resetLink = (publicUrl: string, token: string) =>
  `${publicUrl}/reset-password?token=${encodeURIComponent(token)}`;

/** The reset e-mail, in the account's language. */
export function passwordResetMail(reset: IssuedReset, link: string): MailMessage {
  const time = `${reset.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (reset.locale === 'zh-CN')
    return {
      to: reset.email,
      subject: '重置您的 CLM 密码',
      text: [
        '有人请求重置您 CLM 账户的密码。打开以下链接设置新密码（仅可使用一次）：',
        '',
        link,
        '',
        `链接在 ${time} 前有效。设置新密码后，您在其他设备上的登录和个人令牌都会失效。`,
        '如果这不是您本人的请求，请忽略本邮件：您的密码不会改变。',
      ].join('\n'),
    };
  return {
    to: reset.email,
    subject: 'Reset your CLM password',
    text: [
      'Someone asked to reset the password of your CLM account. Open this link to choose a new one (it works once):',
      '',
      link,
      '',
      `The link is valid until ${time}. Setting a new password signs you out everywhere else and revokes your personal tokens.`,
      'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    ].join('\n'),
  };
}
