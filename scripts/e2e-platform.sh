#!/usr/bin/env bash
# Starts the built app as the end-to-end platform: a fresh embedded database, the demo seed, and
# local targets allowed (the tenant's "live" instance runs on loopback during the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/server/index.js ] || npm run build
rm -rf .tmp/e2e-platform && mkdir -p .tmp
export NODE_ENV=production PORT=4310 HOST=127.0.0.1 DATA_DIR=.tmp/e2e-platform APP_URL=http://127.0.0.1:4310 ALLOW_LOCAL_TARGETS=true
exec node server.js > >(tee .tmp/e2e-platform.log) 2>&1
