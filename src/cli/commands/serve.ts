import { loadConfig } from '../../config.js';
import { startServer } from '../../server/start.js';
import { ensureWebBuild } from '../../server/web-build.js';
import type { Command } from '../main.js';
import { parseCommandArgs } from '../parse-args.js';

export const command: Command = {
  summary: 'start the API and web server',
  usage: `Usage: clm serve [--host HOST] [--port PORT]

Serves CLM on HOST:PORT (default 127.0.0.1:3000, or HOST / PORT from the environment).
Uses the embedded database in CLM_DATA_DIR (default ./data) unless DATABASE_URL is set.
On the first start it creates the admin account and, unless CLM_DEMO=false, a demo workspace.`,
  async run(args) {
    const { values } = parseCommandArgs(args, { host: { type: 'string' }, port: { type: 'string' } });
    const config = loadConfig({
      ...process.env,
      ...(values.host ? { HOST: values.host } : {}),
      ...(values.port ? { PORT: values.port } : {}),
    });
    ensureWebBuild((line) => process.stderr.write(`${line}\n`));
    const server = await startServer(config);
    server.app.log.info(`CLM listening on ${server.url}`);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        server.app.log.info({ signal }, 'shutting down');
        server.stop().then(resolve, (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          resolve();
        });
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
    return 0;
  },
};
