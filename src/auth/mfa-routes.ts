import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, conflict } from '../errors.js';
import { forgetCallers, requireRole } from '../http/authenticate.js';
import { checkPassword } from '../users/service.js';
import { clearFailures, recordFailure, refuseWhileThrottled, throttleKeys } from './login-throttle.js';
import {
  checkSecondFactor,
  confirmEnrolment,
  disableMfa,
  invalidCode,
  mfaEnabled,
  startEnrolment,
} from './mfa.js';
import { mfaRequired, setMfaRequired } from './workspace-policy.js';

const code = z.string().trim().min(1).max(40);
const requirement = z.object({ required: z.boolean() });

/** Two-step sign-in of one's own account, and a workspace's rule that its members use it. */
export const mfaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/mfa/enrolment',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Starts two-step sign-in: a new secret, shown this once',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) },
      },
    },
    async (request) => {
      const user = await app.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', request.caller.userId)
        .executeTakeFirstOrThrow();
      return startEnrolment(app.db, app.secretKey, request.caller.userId, user.email);
    },
  );

  app.post(
    '/auth/mfa/confirmation',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Turns two-step sign-in on with a first code; answers the recovery codes, shown this once',
        body: z.strictObject({ code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request, reply) => {
      const { userId } = request.caller;
      const now = app.clock();
      const keys = throttleKeys('mfa-code', userId, request.ip);
      await refuseWhileThrottled(app.db, [keys.account, keys.source], now, reply);
      const recoveryCodes = await confirmEnrolment(
        app.db,
        app.secretKey,
        userId,
        request.body.code,
        now,
      ).catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'invalid-code')
          await recordFailure(app.db, [keys.account, keys.source], now);
        throw error;
      });
      await clearFailures(app.db, keys.account);
      forgetCallers();
      return { recoveryCodes };
    },
  );

  app.post(
    '/auth/mfa/disable',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'Turns two-step sign-in off; needs the password and a code (or a recovery code)',
        body: z.strictObject({ password: z.string().min(1).max(1000), code }),
      },
    },
    async (request, reply) => {
      const { userId } = request.caller;
      const now = app.clock();
      if (!(await mfaEnabled(app.db, userId))) throw conflict('two-step sign-in is not on');
      // Whoever holds a stolen session must not get to guess the password and code at full speed.
      const keys = throttleKeys('mfa-code', userId, request.ip);
      await refuseWhileThrottled(app.db, [keys.account, keys.source], now, reply);
      if (!(await checkPassword(app.db, userId, request.body.password))) {
        await recordFailure(app.db, [keys.account, keys.source], now);
        throw new AppError(401, 'invalid-credentials', 'wrong password', [
          { path: 'body.password', code: 'wrong_password', message: 'wrong password' },
        ]);
      }
      if (!(await checkSecondFactor(app.db, app.secretKey, userId, request.body.code, now))) {
        await recordFailure(app.db, [keys.account, keys.source], now);
        throw invalidCode('body.code');
      }
      await clearFailures(app.db, keys.account);
      await disableMfa(app.db, userId);
      forgetCallers();
      return reply.status(204).send();
    },
  );

  app.get(
    '/workspace/mfa-requirement',
    { schema: { tags: ['workspaces'], response: { 200: requirement } } },
    async (request) => ({ required: await mfaRequired(request) }),
  );

  app.put(
    '/workspace/mfa-requirement',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Requires two-step sign-in of every member (owners and admins)',
        body: requirement.strict(),
        response: { 200: requirement },
      },
    },
    async (request) => {
      requireRole(request, 'owner', 'admin');
      const { required } = request.body;
      // An admin without it would be shut out of the workspace by their own change.
      if (required && !(await mfaEnabled(app.db, request.caller.userId))) {
        throw conflict('turn on two-step sign-in for your own account first');
      }
      await setMfaRequired(request, required);
      forgetCallers();
      return { required };
    },
  );
};
