import type { MailMessage } from '../mail/send-mail.js';

export interface InvitationLetter {
  to: string;
  workspaceName: string;
  inviterName: string;
  link: string;
  expiresAt: Date;
}

/** The web app's page for a link; the secret rides in the query, which the server never logs. */
export const invitationLink = (publicUrl: string, token: string) =>
  `${publicUrl}/invitation?token=${encodeURIComponent(token)}`;

/**
 * The invitation e-mail, in English and Chinese: the invitee has no language setting yet. It reads the
 * same whether the address has an account, which only the page behind the link tells them.
 */
export function invitationMail(letter: InvitationLetter): MailMessage {
  const day = letter.expiresAt.toISOString().slice(0, 10);
  return {
    to: letter.to,
    subject: `${letter.inviterName} invited you to ${letter.workspaceName} on CLM / 邀请您加入 ${letter.workspaceName}`,
    text: [
      `${letter.inviterName} invited you to join the workspace "${letter.workspaceName}" on CLM.`,
      `Open this link to accept (valid until ${day} UTC, once):`,
      '',
      letter.link,
      '',
      'If you did not expect this invitation, ignore this e-mail: nothing happens until the link is opened.',
      '',
      `${letter.inviterName} 邀请您加入 CLM 上的工作区“${letter.workspaceName}”。`,
      `请打开上面的链接接受邀请（${day} UTC 前有效，仅可使用一次）。`,
      '如果您没有预料到这封邀请，请忽略本邮件：在打开链接之前不会发生任何事情。',
    ].join('\n'),
  };
}
