import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseIsoDay } from '../../analytics/civil-days.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import { createDemoWorkspace, DEFAULT_DEMO_SEED } from '../../demo/load.js';
import { AppError, notFound, UsageError } from '../../errors.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

export const command: Command = {
  summary: 'create a demo workspace filled with generated customers and orders',
  usage: `Usage: clm demo [--seed N] [--today YYYY-MM-DD] [--owner-email EMAIL] [--name NAME]

Creates a new workspace with a sales team, 2,400 customers, 26 months of orders up to TODAY
and their follow-ups, and prints its id. The same seed and date always give the same data
(default seed ${DEFAULT_DEMO_SEED}, default date: today in China).
The owner is the user with EMAIL, or else the first user created (see clm user add).`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      seed: { type: 'string' },
      today: { type: 'string' },
      'owner-email': { type: 'string' },
      name: { type: 'string' },
    });
    const seed = values.seed === undefined ? undefined : parseSeed(values.seed);
    if (values.today !== undefined && Number.isNaN(parseIsoDay(values.today))) {
      throw new UsageError(`--today must be a date as YYYY-MM-DD, not '${values.today}'`);
    }
    const email = values['owner-email'];
    if (email !== undefined && !z.email().safeParse(email).success) {
      throw new UsageError(`--owner-email: '${email}' is not an e-mail address`);
    }
    if (values.name !== undefined && values.name.trim() === '')
      throw new UsageError('--name must not be empty');

    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const ownerUserId = await findOwner(database.db, email);
      const demo = await createDemoWorkspace(database.db, {
        ownerUserId,
        seed,
        today: values.today,
        name: values.name,
      });
      const c = demo.counts;
      console.error(
        `created '${demo.name}': ${c.customers} customers, ${c.transactions} transactions, ${c.interactions} follow-ups`,
      );
      console.log(demo.workspaceId);
      return 0;
    } finally {
      await database.close();
    }
  },
};

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(seed) || Math.abs(seed) > 2 ** 31 - 1) {
    throw new UsageError(`--seed must be a whole number between -2147483647 and 2147483647, not '${text}'`);
  }
  return seed;
}

async function findOwner(db: Kysely<Tables>, email: string | undefined): Promise<string> {
  let query = db.selectFrom('users').select('id').orderBy('created_at').orderBy('id').limit(1);
  if (email) query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()));
  const user = await query.executeTakeFirst();
  if (user) return user.id;
  if (email) throw notFound(`user ${email}`);
  throw new AppError(409, 'no-user', 'there is no user yet: create one first with clm user add EMAIL');
}
