// Not from config.js, which loads zod: commands that need no configuration start without it.
import { AppError, ConfigError, UsageError } from '../errors.js';

/** A CLI command: `run` gets the arguments after its name and returns the exit status. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number | undefined>;
}

// Commands load lazily so that `clm fit` does not pay for the server's imports.
const commands: Record<string, () => Promise<{ command: Command }>> = {
  serve: () => import('./commands/serve.js'),
  migrate: () => import('./commands/migrate.js'),
  user: () => import('./commands/user.js'),
  fit: () => import('./commands/fit.js'),
  stats: () => import('./commands/stats.js'),
  analyze: () => import('./commands/analyze.js'),
  demo: () => import('./commands/demo.js'),
  lifecycle: () => import('./commands/lifecycle.js'),
  import: () => import('./commands/import.js'),
  export: () => import('./commands/export.js'),
};

async function usage(): Promise<string> {
  const lines = ['Usage: clm <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const summary = await load().then(
      (m) => m.command.summary,
      () => '(not available)',
    );
    lines.push(`  ${name.padEnd(10)} ${summary}`);
  }
  lines.push('', 'Run `clm <command> --help` for the options of a command.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command '${name}' (see clm --help)`);
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  return (await command.run(rest)) ?? 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`clm: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof AppError || error instanceof ConfigError) {
      console.error(`clm: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
