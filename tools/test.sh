#!/usr/bin/env bash
# The whole test run (what the README and CI call): static checks, build, schema drift, unit and
# integration specs, then the end-to-end suite against dcmtk; ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
export DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
export RABBITMQ_URL="${TEST_RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}"
rm -rf tmp/test-counts && mkdir -p tmp/test-counts
checks_failed=0
check() { # name, command...: a static check counts as one test
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "{\"passed\":1,\"failed\":0,\"skipped\":0}" > "tmp/test-counts/check-$name.json"
  else echo "!! $name failed"; echo "{\"passed\":0,\"failed\":1,\"skipped\":0}" > "tmp/test-counts/check-$name.json"; checks_failed=1; fi
}
check typecheck npx tsc -p tsconfig.spec-all.json --noEmit
check project-graph npx nx show projects --json
check lint env NODE_OPTIONS=--max-old-space-size=6144 npx eslint apps libs tools
check format npm run -s format:check
check build node tools/build.js
check migrations-drift node -r ./dist/tools/runtime/register-aliases.js dist/tools/db/check-drift.js
check typecheck-web npx tsc -p apps/web/tsconfig.json --noEmit
check api-types npm run -s check:api-types
echo "== web console component tests (Vitest)"
AXIOM_TEST_RUN=web npm run -s test:web || [ -s tmp/test-counts/web.json ] || echo '{"passed":0,"failed":1,"skipped":0}' > tmp/test-counts/web.json
echo "== unit and integration specs"
AXIOM_TEST_RUN=unit npx jest -c jest.config.cjs --ci ${JEST_ARGS:-}
echo "== end-to-end (dcmtk, both modes)"
AXIOM_TEST_RUN=e2e AXIOM_E2E=1 npx jest -c jest.config.cjs --ci --runInBand ${JEST_ARGS:-}
node tools/test/summary.js
