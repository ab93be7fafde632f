#!/usr/bin/env bash
# The whole pipeline on the local cloud, as a newcomer sees it:
#   build (if needed) → assets → local cloud → provisioning → enroll → function endpoint → monitor
#   → upload the videos → wait → verifier's table.
# Usage: scripts/demo.sh [VIDEO_DIR EXPECTED_CSV]   (default: the course's 8 clips)
# Exits with the verifier's code; stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
STACK_NAME=demo
# shellcheck source=scripts/lib/local-stack.sh
source "$root/scripts/lib/local-stack.sh"

# 1. Build what is missing; 2. assets: copied from ASSETS_DIR when set, otherwise downloaded.
stack_build
stack_assets
videos=${1:-$assets/course/test_case_1}
expected=${2:-$assets/course/test_case_1/expected.csv}
[ -d "$videos" ] || { echo "demo: no video folder $videos" >&2; exit 2; }
[ -f "$expected" ] || { echo "demo: no expected results $expected" >&2; exit 2; }

stack_workdir
cleanup() {
  local code=$?
  stack_cleanup
  if [ "$code" = 0 ]; then rm -rf "$work"; else say "logs are in $work"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 3. Local cloud; 4. enroll the students and provision (buckets, queues, table, students, encodings).
stack_start_cloud
stack_provision

# 5. The function endpoint and the monitor.
stack_start_function
say "function endpoint on $AWS_ENDPOINT_URL_LAMBDA"
stack_start_monitor

# 6. Upload, wait, verify.
count=$(find "$videos" -maxdepth 1 -type f ! -name '*.csv' ! -name '*.json' | wc -l)
say "uploading $count videos from $videos"
java -jar verifier/target/verifier.jar upload --bucket smart-classroom-input "$videos"
set +e
java -jar verifier/target/verifier.jar --expected "$expected" --wait "${DEMO_WAIT_SECONDS:-600}"
code=$?
set -e
exit "$code"
