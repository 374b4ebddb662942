#!/usr/bin/env bash
# Starts the built app as the end-to-end platform: a fresh embedded database, the demo seed, and
# local targets allowed (the tenant's "live" instance runs on loopback during the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/http/index.js ] || npm run build
port=${E2E_PORT:-4310}
rm -rf ".tmp/e2e-platform-$port" && mkdir -p .tmp
export NODE_ENV=production PORT=$port HOST=127.0.0.1 DATA_DIR=".tmp/e2e-platform-$port" APP_URL="http://127.0.0.1:$port" ALLOW_LOCAL_TARGETS=true
exec node server.js > >(tee ".tmp/e2e-platform-$port.log") 2>&1
