// Writes the web app's API types (web/src/api/openapi.ts) from the OpenAPI document that the routes' zod
// schemas make, built in this process on an embedded database in memory: no server, no network.
// `--check` writes nothing and fails when the checked-in file differs, so the types cannot drift.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { startApi } from '../test/support.js';

const ROOT = join(import.meta.dirname, '..');
const TARGET = join(ROOT, 'web/src/api/openapi.ts');
// The web app's client is rooted here, so its paths read `/customers/{id}` like the routes.
const PREFIX = '/api/v1';

async function openApiDocument(): Promise<OpenAPI3> {
  const api = await startApi();
  try {
    return (await api.app.inject({ method: 'GET', url: `${PREFIX}/openapi.json` })).json();
  } finally {
    await api.close();
  }
}

/** The generated file's text: paths without the prefix, keys sorted, so a route's move changes no line. */
async function apiTypes(): Promise<string> {
  const document = await openApiDocument();
  const paths = Object.fromEntries(
    Object.entries(document.paths ?? {})
      .filter(([path]) => path.startsWith(`${PREFIX}/`))
      .map(([path, item]) => [path.slice(PREFIX.length), item]),
  );
  // enumValues: each enum's values as an array too, so the app lists what the API takes without a copy.
  const ast = await openapiTS({ ...document, paths }, { alphabetize: true, silent: true, enumValues: true });
  return COMMENT_HEADER + astToString(ast);
}

const text = await apiTypes();
const name = relative(ROOT, TARGET);
if (process.argv.includes('--check')) {
  if (!existsSync(TARGET) || readFileSync(TARGET, 'utf8') !== text) {
    console.error(`${name} is stale: the routes' schemas changed. Run \`npm run api-types\` and commit it.`);
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
  console.log(`wrote ${name}`);
}
