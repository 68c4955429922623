import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { email } from '../customers/schema.js';
import { AppError } from '../errors.js';
import { forgetCallers } from '../http/authenticate.js';
import { checkPassword, setPassword } from '../users/service.js';
import {
  clearFailures,
  recordFailure,
  refuseWhileThrottled,
  resetMailKey,
  secondsToWait,
  throttleKeys,
} from './login-throttle.js';
import { passwordResetMail, resetLink } from './password-reset-mail.js';
import { completePasswordReset, issuePasswordReset } from './password-resets.js';
import { PASSWORD_MAX_LENGTH } from './password-strength.js';
import { revokeOtherTokens } from './tokens.js';

const tags = ['auth'];
const password = z.string().max(PASSWORD_MAX_LENGTH);

const passwordChange = z.strictObject({ currentPassword: password.min(1), newPassword: password });
const resetRequest = z.strictObject({ email });
const resetCompletion = z.strictObject({ token: z.string().min(1).max(200), newPassword: password });

const RESET_REQUESTED = 'if an account has this e-mail, a link to reset its password is on its way';

export const passwordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/me/password',
    { config: { auth: 'user' }, schema: { tags, body: passwordChange } },
    async (request, reply) => {
      const { userId, tokenId } = request.caller;
      const now = app.clock();
      // Whoever holds a stolen session must not get to guess the password behind it at full speed.
      const keys = throttleKeys('password-change', userId, request.ip);
      await refuseWhileThrottled(app.db, [keys.account, keys.source], now, reply);
      if (!(await checkPassword(app.db, userId, request.body.currentPassword))) {
        await recordFailure(app.db, [keys.account, keys.source], now);
        throw new AppError(400, 'wrong-password', 'the current password is wrong', [
          { path: 'body.currentPassword', code: 'wrong_password', message: 'is not your current password' },
        ]);
      }
      await clearFailures(app.db, keys.account);
      await app.db.transaction().execute(async (tx) => {
        await setPassword(tx, userId, request.body.newPassword, 'body.newPassword');
        // This session stays: the person changing the password is the one who holds it.
        await revokeOtherTokens(tx, userId, tokenId);
      });
      forgetCallers();
      return reply.status(204).send();
    },
  );

  app.post(
    '/password-resets',
    {
      config: { auth: 'public' },
      schema: { tags, body: resetRequest, response: { 202: z.object({ detail: z.string() }) } },
    },
    async (request, reply) => {
      const { sendMail } = app;
      if (!sendMail)
        throw new AppError(
          409,
          'mail-not-configured',
          'password reset by e-mail is not available: this server has no SMTP settings; ask an administrator',
        );
      const now = app.clock();
      // Every request sends a mail, so every one counts: the same for addresses with and without an
      // account, which keeps the answer from telling them apart.
      const keys = throttleKeys('password-reset', request.body.email, request.ip);
      await refuseWhileThrottled(app.db, [keys.account, keys.source], now, reply);
      const perAddress = resetMailKey(request.body.email);
      const mailAllowed = (await secondsToWait(app.db, [perAddress], now)) === 0;
      await recordFailure(app.db, [keys.account, keys.source, perAddress], now);
      // Done after answering: how long the lookup, the write and the SMTP server take must not tell
      // which addresses have accounts.
      const send = async () => {
        const reset = await issuePasswordReset(app.db, request.body.email);
        if (reset) await sendMail(passwordResetMail(reset, resetLink(app.publicUrl, reset.token)));
      };
      if (mailAllowed)
        send().catch((error: unknown) => request.log.error({ err: error }, 'password reset e-mail not sent'));
      return reply.status(202).send({ detail: RESET_REQUESTED });
    },
  );

  app.post(
    '/password-resets/complete',
    { config: { auth: 'public' }, schema: { tags, body: resetCompletion } },
    async (request, reply) => {
      await completePasswordReset(app.db, request.body.token, request.body.newPassword);
      forgetCallers();
      return reply.status(204).send();
    },
  );
};
