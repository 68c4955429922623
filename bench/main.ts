// `npm run bench -- <scenario>`: each scenario is a file of its own that prints its figures.
import { ensureCliBuild } from '../scripts/build-cli.js';

const scenarios: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  api: () => import('./api.js'),
  fit: () => import('./fit.js'),
  analyze: () => import('./analyze.js'),
  'analyze-matrix': () => import('./analyze-matrix.js'),
  import: () => import('./import.js'),
  web: () => import('./web.js'),
  lifecycle: () => import('./lifecycle.js'),
  'customer-list': () => import('./customer-list.js'),
  'import-reads': () => import('./import-reads.js'),
  'repeat-models': () => import('./repeat-models.js'),
};

// Scenarios run `clm` as users do (bin/clm.js); its build is no part of any timing.
await ensureCliBuild();

const [name, ...rest] = process.argv.slice(2);
const names = name ? [name] : Object.keys(scenarios);
for (const n of names) {
  const load = scenarios[n];
  if (!load) {
    console.error(`bench: unknown scenario '${n}' (have: ${Object.keys(scenarios).join(', ')})`);
    process.exit(2);
  }
  await (await load()).run(rest);
}
