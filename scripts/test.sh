#!/usr/bin/env bash
# Runs every test: installs the pinned Node packages (dynalite, for the local DynamoDB) and runs the
# Maven build with its tests. Tests that need the shared assets read ASSETS_DIR (default: .assets when
# scripts/fetch-assets.sh made it, else ../shared/assets) and skip, saying why, when it is absent.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl monitor. It ends with the skipped tests and their reasons.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s <(node -e 'const l=require("./package-lock.json");console.log(JSON.stringify(l.packages["node_modules/dynalite"]))') \
      <(node -e 'const l=require("./node_modules/.package-lock.json");console.log(JSON.stringify(l.packages["node_modules/dynalite"]))'); then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ -z "${ASSETS_DIR:-}" ] && [ -d "$root/.assets" ]; then
  export ASSETS_DIR=$root/.assets
fi
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports
status=0
mvn -B -ntp install "$@" || status=$?
python3 "$root/scripts/lib/skipped-tests.py" "$root" || true
exit "$status"
