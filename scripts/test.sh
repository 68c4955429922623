#!/usr/bin/env bash
# The whole suite: format and lint, the generated API types, type check (server and web app), then every
# *.test.ts under node's test runner, the web app's end-to-end test in Chromium among them.
# With CLM_TEST_DATABASE_URL set, database tests also run against that PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
npx biome check .
# The two type checks are single-threaded: they run side by side, the server's beside the web app's. The
# web app's API types are generated from the routes' schemas: a stale copy fails before the web app's
# type check. Each side's output is shown whole once it is done.
logs=$(mktemp -d)
(npx tsc --noEmit) >"$logs/server" 2>&1 &
server=$!
(npx tsx scripts/api-types.ts --check && npx tsc --noEmit -p web) >"$logs/web" 2>&1 &
web=$!
failed=0
wait "$server" || failed=1
cat "$logs/server"
wait "$web" || failed=1
cat "$logs/web"
rm -rf "$logs"
[ "$failed" = 0 ]
# Built once here (the web app, the compiled command line), so the servers that tests start in parallel find it fresh instead of each building it.
npx tsx scripts/build-web.ts
node -e "import('./scripts/build-cli.js').then((m) => m.ensureCliBuild())"
mapfile -t files < <(find src test web/src -name '*.test.ts' 2>/dev/null | sort)
exec node --import tsx --test --test-concurrency="${CLM_TEST_CONCURRENCY:-2}" "$@" "${files[@]}"
