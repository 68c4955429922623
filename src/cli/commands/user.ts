import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { inWorkspace } from '../../db/tenant.js';
import { UsageError } from '../../errors.js';
import { createUser } from '../../users/service.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

const roles = ['owner', 'admin', 'manager', 'rep', 'analyst'] as const;

export const command: Command = {
  summary: 'manage user accounts (user add)',
  usage: `Usage: clm user add EMAIL [--name NAME] [--password PASSWORD] [--workspace ID --role ROLE]

Creates a user account. Without --password a password is generated and printed once.
With --workspace and --role (${roles.join(', ')}) the user also joins that workspace.`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        name: { type: 'string' },
        password: { type: 'string' },
        workspace: { type: 'string' },
        role: { type: 'string' },
      },
      true,
    );
    const [action, email, ...extra] = positionals;
    if (action !== 'add') throw new UsageError(`unknown action '${action ?? ''}' (expected: user add EMAIL)`);
    if (!email || extra.length) throw new UsageError('user add takes exactly one EMAIL');
    if (!z.email().safeParse(email).success) throw new UsageError(`'${email}' is not an e-mail address`);
    if (values.password !== undefined && values.password.length < 10) {
      throw new UsageError('--password must be at least 10 characters');
    }
    if (Boolean(values.workspace) !== Boolean(values.role))
      throw new UsageError('--workspace and --role go together');
    if (values.workspace && !z.uuid().safeParse(values.workspace).success) {
      throw new UsageError('--workspace must be a workspace id');
    }
    const role = values.role;
    if (role !== undefined && !roles.includes(role as (typeof roles)[number])) {
      throw new UsageError(`--role must be one of ${roles.join(', ')}`);
    }

    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, existing: true });
    try {
      const password = values.password ?? randomBytes(12).toString('base64url');
      const user = await createUser(database.db, { email, password, name: values.name });
      if (values.workspace && role) {
        const workspaceId = values.workspace;
        await inWorkspace(database.db, workspaceId, async (tx) => {
          const found = await tx
            .selectFrom('workspaces')
            .select('id')
            .where('id', '=', workspaceId)
            .executeTakeFirst();
          if (!found) throw new UsageError(`workspace ${workspaceId} does not exist`);
          await tx
            .insertInto('memberships')
            .values({ workspace_id: workspaceId, user_id: user.id, role: role as (typeof roles)[number] })
            .execute();
        });
      }
      console.log(`created user ${user.email} (${user.id})`);
      if (!values.password) console.log(`password: ${password}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
