# Shared by scripts/demo.sh, scripts/faults.sh and scripts/bench-lecture.sh (sourced, not run): starts and
# stops the pipeline on the local cloud — local cloud, provisioning, enrollment, the function endpoint and the
# monitor — each as a child process whose PID is remembered, so `stack_cleanup` stops exactly what was started.
# Expects `root` (the repository) to be set; uses `work` (a temporary folder it creates) for logs and env files.

say() { printf '\033[1m%s:\033[0m %s\n' "${STACK_NAME:-stack}" "$*" >&2; }

stack_pids=()

# Builds the jars if any is missing and installs dynalite.
stack_build() {
  local jar
  for jar in handler/target/handler.jar monitor/target/monitor.jar local-cloud/target/local-cloud.jar \
             provisioning/target/provisioning.jar verifier/target/verifier.jar; do
    if [ ! -f "$root/$jar" ]; then
      say "building (mvn -DskipTests install)"; (cd "$root" && mvn -B -q -ntp -DskipTests install); break
    fi
  done
  [ -f "$root/node_modules/dynalite/index.js" ] || {
    say "installing dynalite (npm ci)"; (cd "$root" && npm ci --no-audit --no-fund --loglevel=error); }
}

# Gets the assets into $root/.assets (copied from ASSETS_DIR or downloaded) and picks the recognition model.
stack_assets() {
  assets=$root/.assets
  "$root/scripts/fetch-assets.sh" "$assets"
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
}

stack_workdir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/smart-classroom-${STACK_NAME:-stack}.XXXXXX")
}

# wait_for FILE PATTERN SECONDS
wait_for() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "${STACK_NAME:-stack}: timed out waiting for '$2' in $1" >&2; tail -20 "$1" >&2; return 1
}

# Stops one process: SIGTERM, then SIGKILL after $2 seconds (default 40). Returns its exit code.
stack_stop() {
  local pid=$1 grace=${2:-40} i code=0
  kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || code=$?; return "$code"; }
  for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then say "pid $pid did not stop within ${grace} s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || code=$?
  return "$code"
}

# Stops everything started, newest first (the monitor hands back what it holds before the function goes).
stack_cleanup() {
  local i
  for ((i = ${#stack_pids[@]} - 1; i >= 0; i--)); do
    stack_stop "${stack_pids[i]}" || true
  done
  stack_pids=()
}

stack_forget() { # PID: no longer ours to stop (it was killed or stopped on purpose)
  local keep=() pid
  for pid in "${stack_pids[@]}"; do [ "$pid" = "$1" ] || keep+=("$pid"); done
  stack_pids=("${keep[@]}")
}

stack_start_cloud() {
  say "starting the local cloud"
  java -jar "$root/local-cloud/target/local-cloud.jar" --env-file "$work/cloud.env" "$@" >"$work/local-cloud.log" 2>&1 &
  stack_pids+=($!)
  wait_for "$work/local-cloud.log" "local cloud running" 60
  # shellcheck disable=SC1091
  source "$work/cloud.env"
}

# Enrolls the course's students and provisions buckets, queues, table, students and encodings.
stack_provision() {
  say "enrolling the students with model $RECOGNITION_MODEL"
  java -jar "$root/handler/target/handler.jar" enroll --images "$assets/course/enroll" --out "$work/encodings.json" \
    --models-dir "$MODELS_DIR" --model "$RECOGNITION_MODEL"
  say "provisioning"
  java -jar "$root/provisioning/target/provisioning.jar" up --local-cloud --data "$root/data/student_data.json" \
    --encodings "$work/encodings.json"
  export ENCODINGS=$work/encodings.json
  # The function processes records of its input bucket only (provisioning's name for it).
  export INPUT_BUCKET=${SMART_CLASSROOM_INPUT_BUCKET:-smart-classroom-input}
}

# Starts the function endpoint (handler.jar serve); extra arguments go to serve. The first start picks a free
# port, later starts (after a kill) reuse it so the monitor finds the function where it was. Log: $work/function.log.
function_port=0
stack_start_function() {
  local before=0 args=("$@")
  [ -f "$work/function.log" ] && before=$(wc -l <"$work/function.log")
  java -jar "$root/handler/target/handler.jar" serve --port "$function_port" "${args[@]}" >>"$work/function.log" 2>&1 &
  function_pid=$!
  stack_pids+=("$function_pid")
  local i line=""
  for ((i = 0; i < 1200; i++)); do
    line=$(tail -n +"$((before + 1))" "$work/function.log" | grep -m1 -o 'listening on http://127.0.0.1:[0-9]*' || true)
    [ -n "$line" ] && break
    kill -0 "$function_pid" 2>/dev/null || { tail -20 "$work/function.log" >&2; return 1; }
    sleep 0.1
  done
  [ -n "$line" ] || { say "the function did not start"; tail -20 "$work/function.log" >&2; return 1; }
  export AWS_ENDPOINT_URL_LAMBDA=${line#listening on }
  function_port=${AWS_ENDPOINT_URL_LAMBDA##*:}
}

# Starts the monitor; extra arguments go to it. Log: $work/monitor.log (appended across restarts).
stack_start_monitor() {
  java -jar "$root/monitor/target/monitor.jar" "$@" >>"$work/monitor.log" 2>&1 &
  monitor_pid=$!
  stack_pids+=("$monitor_pid")
}
