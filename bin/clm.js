#!/usr/bin/env -S node --max-semi-space-size=64
// The `clm` command: compiles the TypeScript sources when they changed (see scripts/build-cli.js), then
// runs the command line in this process. A young generation four times V8's default: a refresh of a
// million customers allocates gigabytes of short-lived rows, and the default spent twice as long
// collecting them.
import { ensureCliBuild } from '../scripts/build-cli.js';

await ensureCliBuild();
await import('../dist/cli/main.js');
