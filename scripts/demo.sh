#!/usr/bin/env bash
# The whole pipeline on the local cloud, as a newcomer sees it:
#   build (if needed) → assets → local cloud → provisioning → enroll → function endpoint → monitor
#   → upload the videos → wait → verifier's table → the names found per video, every result object (CSV, JSON
#   record, evidence images) copied into RESULTS_DIR and the attendance report written there (RESULTS_DIR/index.html).
# Usage: scripts/demo.sh [VIDEO_DIR EXPECTED_CSV]   (default: the course's 8 clips)
#   RESULTS_DIR: where the results and the report go (default: demo-results/ in the repository), emptied at the start
#   of a run; a folder that is not empty is emptied only when an earlier run made it (it holds .demo-results).
# Exits with the verifier's code (or, when every result was right but the results could not be copied or the report
# written, with that command's code); stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results_dir=${RESULTS_DIR:-$root/demo-results}
case $results_dir in /*) ;; *) results_dir=$PWD/$results_dir ;; esac
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

# The results folder: emptied now, so what it holds at the end is this run's.
mkdir -p "$results_dir"
results_dir=$(cd "$results_dir" && pwd)
case $results_dir in
  / | "$root" | "${HOME:-/}") echo "demo: RESULTS_DIR=$results_dir is not a folder to empty" >&2; exit 2 ;;
esac
if [ -n "$(ls -A "$results_dir")" ] && [ ! -f "$results_dir/.demo-results" ]; then
  echo "demo: RESULTS_DIR=$results_dir is not empty and no earlier demo made it (no .demo-results in it); not emptying it" >&2
  exit 2
fi
find "$results_dir" -mindepth 1 -delete
: >"$results_dir/.demo-results"

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

# 7. What was found, kept: every output object into RESULTS_DIR, then the report there (it prints the names per video).
results_code=0
say "copying the results into $results_dir"
java -jar verifier/target/verifier.jar download --out "$results_dir" || results_code=$?
java -jar verifier/target/verifier.jar report --out "$results_dir" || results_code=$?
if [ "$results_code" = 0 ]; then
  say "the report: $results_dir/index.html (open file://$results_dir/index.html in a browser)"
elif [ "$code" = 0 ]; then
  code=$results_code
fi
exit "$code"
