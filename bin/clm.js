#!/usr/bin/env node
// The `clm` command: compiles the TypeScript sources when they changed (see scripts/build-cli.js), then
// runs the command line in this process.
import { ensureCliBuild } from '../scripts/build-cli.js';

await ensureCliBuild();
await import('../dist/cli/main.js');
