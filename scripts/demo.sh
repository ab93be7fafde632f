#!/usr/bin/env bash
# The whole pipeline on the local cloud, as a newcomer sees it:
#   build (if needed) → assets → local cloud → provisioning → enroll → function endpoint → monitor
#   → upload the videos → wait → verifier's table.
# Usage: scripts/demo.sh [VIDEO_DIR EXPECTED_CSV]   (default: the course's 8 clips)
# Exits with the verifier's code; stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1mdemo:\033[0m %s\n' "$*" >&2; }

# 1. Build what is missing.
jars=(handler/target/handler.jar monitor/target/monitor.jar local-cloud/target/local-cloud.jar
      provisioning/target/provisioning.jar verifier/target/verifier.jar)
for jar in "${jars[@]}"; do
  if [ ! -f "$jar" ]; then say "building (mvn -DskipTests install)"; mvn -B -q -ntp -DskipTests install; break; fi
done
[ -f node_modules/dynalite/index.js ] || { say "installing dynalite (npm ci)"; npm ci --no-audit --no-fund --loglevel=error; }

# 2. Assets: copied from ASSETS_DIR when set, otherwise downloaded from their official URLs.
assets=$root/.assets
scripts/fetch-assets.sh "$assets"
videos=${1:-$assets/course/test_case_1}
expected=${2:-$assets/course/test_case_1/expected.csv}
[ -d "$videos" ] || { echo "demo: no video folder $videos" >&2; exit 2; }
[ -f "$expected" ] || { echo "demo: no expected results $expected" >&2; exit 2; }
export MODELS_DIR=${MODELS_DIR:-$assets/models}
if [ -z "${RECOGNITION_MODEL:-}" ]; then
  if [ -f "$MODELS_DIR/face_recognition_sface_2021dec.onnx" ]; then
    RECOGNITION_MODEL=sface
  else
    RECOGNITION_MODEL=faceplugin
    say "SFace (face_recognition_sface_2021dec.onnx) is not in $MODELS_DIR: using the stand-in model 'faceplugin'"
  fi
fi
export RECOGNITION_MODEL

work=$(mktemp -d "${TMPDIR:-/tmp}/smart-classroom-demo.XXXXXX")
pids=()
cleanup() {
  local code=$?
  # Stop in reverse order, each before the next: the monitor first finishes its long poll (up to 20 s)
  # and hands back anything it received, then the function, then the local cloud.
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    local pid=${pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then say "pid $pid did not stop within 40 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  if [ "$code" = 0 ]; then rm -rf "$work"; else say "logs are in $work"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # file pattern seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "demo: timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

# 3. Local cloud.
say "starting the local cloud"
java -jar local-cloud/target/local-cloud.jar --env-file "$work/cloud.env" >"$work/local-cloud.log" 2>&1 &
pids+=($!)
wait_for "$work/local-cloud.log" "local cloud running" 60
# shellcheck disable=SC1091
source "$work/cloud.env"

# 4. Enroll the students and provision (buckets, queues, table, students, encodings).
say "enrolling the students with model $RECOGNITION_MODEL"
java -jar handler/target/handler.jar enroll --images "$assets/course/enroll" --out "$work/encodings.json" \
  --models-dir "$MODELS_DIR" --model "$RECOGNITION_MODEL"
say "provisioning"
java -jar provisioning/target/provisioning.jar up --local-cloud --data data/student_data.json --encodings "$work/encodings.json"

# 5. The function endpoint and the monitor.
export ENCODINGS=$work/encodings.json
java -jar handler/target/handler.jar serve --port 0 >"$work/function.log" 2>&1 &
pids+=($!)
wait_for "$work/function.log" "listening on http://127.0.0.1:" 120
export AWS_ENDPOINT_URL_LAMBDA
listening=$(grep -m1 -o 'listening on http://127.0.0.1:[0-9]*' "$work/function.log")
AWS_ENDPOINT_URL_LAMBDA=${listening#listening on }
say "function endpoint on $AWS_ENDPOINT_URL_LAMBDA"
java -jar monitor/target/monitor.jar >"$work/monitor.log" 2>&1 &
pids+=($!)

# 6. Upload, wait, verify.
count=$(find "$videos" -maxdepth 1 -type f ! -name '*.csv' | wc -l)
say "uploading $count videos from $videos"
java -jar verifier/target/verifier.jar upload --bucket smart-classroom-input "$videos"
set +e
java -jar verifier/target/verifier.jar --expected "$expected" --wait "${DEMO_WAIT_SECONDS:-600}"
code=$?
set -e
exit "$code"
