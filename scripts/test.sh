#!/usr/bin/env bash
# The whole suite: format and lint, type check, then every *.test.ts under node's test runner.
# With CLM_TEST_DATABASE_URL set, database tests also run against that PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
npx biome check .
npx tsc --noEmit
mapfile -t files < <(find src test -name '*.test.ts' 2>/dev/null | sort)
exec node --import tsx --test --test-concurrency="${CLM_TEST_CONCURRENCY:-2}" "$@" "${files[@]}"
