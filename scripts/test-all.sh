#!/usr/bin/env bash
# npm test: every check, fastest first, each failure named.
set -uo pipefail
cd "$(dirname "$0")/.."
failed=()
step() {
  local name=$1; shift
  echo; echo "==> $name"
  if ! "$@"; then failed+=("$name"); fi
}
step "prisma generate" npx prisma generate --no-hints
step "schema drift check" npm run -s db:check
step "type-check" npm run -s typecheck
step "lint" npm run -s lint
# One build, before the suites that need it: the security suites' global setup rebuilds only a
# build older than its sources, and the Playwright platform only a missing one, so both use this.
step "build" npm run -s build
step "unit, integration and security tests" npx vitest run
step "end-to-end tests (Playwright)" npx playwright test
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All checks passed."
