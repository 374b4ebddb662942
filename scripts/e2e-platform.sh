#!/usr/bin/env bash
# Starts the built app as the end-to-end platform: a fresh embedded database, the demo seed, and
# local targets allowed (the tenant's "live" instance runs on loopback during the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/http/index.js ] || npm run build
port=${E2E_PORT:-4310}
rm -rf ".tmp/e2e-platform-$port" && mkdir -p .tmp
export NODE_ENV=production PORT=$port HOST=127.0.0.1 DATA_DIR=".tmp/e2e-platform-$port" APP_URL="http://127.0.0.1:$port" ALLOW_LOCAL_TARGETS=true
# Scheduled checks every 10 s and a 2-second wake-up window, so the stay-LIVE spec sees an outage and a recovery in seconds.
export LIVE_CHECK_INTERVAL_SECONDS=${LIVE_CHECK_INTERVAL_SECONDS:-10} LIVE_WAKE_SECONDS=${LIVE_WAKE_SECONDS:-2}
exec node server.js > >(tee ".tmp/e2e-platform-$port.log") 2>&1
