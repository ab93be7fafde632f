#!/usr/bin/env bash
# The fault suite: runs the pipeline on the local cloud (as scripts/demo.sh does) and injects the faults a
# production system meets, each on its own key prefix of the input bucket, judged only from the buckets, the
# queues and the function's log:
#   prefixes   the same clips uploaded under three prefixes          → every result distinct and right
#   monitor    the monitor killed (-9) mid-run, restarted 5 s later  → drains within a minute, few repeats
#   function   the function killed (-9) mid-run, restarted 5 s later → nothing in the DLQ
#   outage     the function down longer than 3 leases                → nothing in the DLQ
#   sigterm    the monitor stopped with a deadline it cannot meet    → non-zero exit, messages handed back
#   overwrite  a key overwritten with another clip 0.5 s later       → the newer upload's result wins
#   poison     bad objects among good ones                           → good right, bad in the DLQ within 60 s
#   load       many clips, monitor concurrency 100, 2 function workers → invoke latency, repeats bounded
# Each asserts 0 lost, 0 wrong, 0 good videos in the DLQ, repeats no more than the work in flight at the
# function, and a recovery time; the table at the end has the figures. Exit code 0 only if every check passed.
# Usage: scripts/faults.sh [--short] [SCENARIO ...]     (--short: fewer clips and shorter outages, for CI)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
STACK_NAME=faults
# shellcheck source=scripts/lib/local-stack.sh
source "$root/scripts/lib/local-stack.sh"

short=false
scenarios=()
for arg in "$@"; do
  case "$arg" in
    --short) short=true ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    prefixes|monitor|function|outage|sigterm|overwrite|poison|load) scenarios+=("$arg") ;;
    *) echo "faults: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(prefixes monitor function outage sigterm overwrite poison load)
if $short; then clips=${FAULTS_CLIPS:-20}; outage=${FAULTS_OUTAGE_SECONDS:-45}; load=${FAULTS_LOAD_CLIPS:-60}
else clips=${FAULTS_CLIPS:-100}; outage=${FAULTS_OUTAGE_SECONDS:-180}; load=${FAULTS_LOAD_CLIPS:-300}; fi
workers=${FAULTS_FUNCTION_WORKERS:-2}
# What the function holds at once: its workers running and as many admitted waiting (serve's default queue depth);
# a killed monitor's messages that were there are processed and, coming back after the lease, processed again.
in_flight=$((2 * workers))
# The monitor's lease on a message it holds: a killed monitor's messages come back after it.
export MONITOR_VISIBILITY_TIMEOUT=${MONITOR_VISIBILITY_TIMEOUT:-$($short && echo 10s || echo 30s)}
input=smart-classroom-input

stack_build
stack_assets
stack_workdir
cleanup() {
  local code=$?
  stack_cleanup
  if [ "$code" = 0 ] && [ -z "${FAULTS_KEEP:-}" ]; then rm -rf "$work"; else say "logs are in $work"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

verifier() { java -jar "$root/verifier/target/verifier.jar" "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Clips: the course's 100-clip workload, cut to $1 clips, in folder $2, with expected.csv naming PREFIX/video.
workload() { # COUNT DIR PREFIX
  local count=$1 dir=$2 prefix=$3
  mkdir -p "$dir"
  [ -f "$work/tc2/expected.csv" ] || bash "$assets/course/make-test-case-2.sh" "$work/tc2" >/dev/null
  local n=0
  echo "video,name,major,year" >"$dir/expected.csv"
  while IFS=, read -r video rest; do
    [ "$video" = video ] && continue
    [ "$n" -lt "$count" ] || break
    ln -sf "$work/tc2/$video" "$dir/$video"
    echo "$prefix$video,$rest" >>"$dir/expected.csv"
    n=$((n + 1))
  done <"$work/tc2/expected.csv"
}

# Successful function runs for videos under PREFIX, from the function's log (one line per video written).
processed() { grep -c "s3://$input/$1[^ ]* -> s3://" "$work/function.log" 2>/dev/null || true; }
# Messages in the DLQ whose video is under PREFIX.
in_dlq() { verifier dlq 2>/dev/null | grep -c "[[:space:]]$1" || true; }
# Waits until every expected result is there and right; prints "correct/total".
verify() { # EXPECTED SECONDS
  local out
  out=$(verifier --expected "$1" --wait "$2" 2>&1 | tail -1) || true
  echo "$out" | grep -o '^[0-9]*/[0-9]*' || echo "0/?"
}
upload_one() { # FILE PREFIX: the verifier uploads folders, so one file goes through a folder of its own
  local one; one=$(mktemp -d "$work/one.XXXXXX")
  cp "$1" "$one/"
  verifier upload --bucket "$input" --prefix "$2" "$one" >/dev/null
  rm -rf "$one"
}
wait_processed() { # PREFIX COUNT SECONDS
  local i
  for ((i = 0; i < $3 * 10; i++)); do [ "$(processed "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  return 1
}

rows=()
failures=0
check() { # SCENARIO OK(true/false) RESULT-TEXT
  local verdict=pass
  if [ "$2" != true ]; then verdict=FAIL; failures=$((failures + 1)); fi
  rows+=("$1|$3|$verdict")
  say "$1: $3 [$verdict]"
}
# judge SCENARIO CORRECT/TOTAL DLQ REPEATS MAX-REPEATS EXTRA-OK EXTRA-TEXT
judge() {
  local good=${2%/*} total=${2#*/} ok=true
  [ "$good" = "$total" ] || ok=false
  [ "$3" = 0 ] || ok=false
  [ "$4" -le "$5" ] || ok=false
  [ "$6" = true ] || ok=false
  check "$1" "$ok" "$2 correct, $3 good in DLQ, $4 repeated (≤ $5)${7:+, $7}"
}

stack_start_cloud
stack_provision
stack_start_function --workers "$workers"
stack_start_monitor

scenario_prefixes() {
  local dir=$work/s-prefixes started result expected=$work/s-prefixes.csv
  echo "video,name,major,year" >"$expected"
  for p in r1 r2 r3; do
    workload "$clips" "$dir/$p" "prefixes/$p/"
    tail -n +2 "$dir/$p/expected.csv" >>"$expected"
  done
  started=$(now)
  for p in r1 r2 r3; do verifier upload --bucket "$input" --prefix "prefixes/$p/" "$dir/$p" >/dev/null; done
  result=$(verify "$expected" 600)
  local took; took=$(since "$started")
  sleep 2
  local repeats=$(( $(processed prefixes/) - 3 * clips ))
  judge "prefixes: $((3 * clips)) uploads under r1/ r2/ r3/" "$result" "$(in_dlq prefixes/)" "$repeats" 0 true "${took} s"
}

kill_hard() { # PID: SIGKILL, reaped and no longer ours to stop
  kill -KILL "$1"; wait "$1" 2>/dev/null || true; stack_forget "$1"
}

# A process killed (-9) a third of the way through, restarted 5 s later: everything right, nothing in the DLQ,
# no more repeats than the function had running, drained within 90 s of the restart.
killed_mid_run() { # NAME(monitor|function) PID RESTART-COMMAND...
  local name=$1 pid=$2 dir=$work/s-$1 restarted took result
  shift 2
  workload "$clips" "$dir" "$name/"
  verifier upload --bucket "$input" --prefix "$name/" "$dir" >/dev/null
  wait_processed "$name/" $((clips / 3)) 300 || true
  kill_hard "$pid"
  sleep 5
  "$@"; restarted=$(now)
  result=$(verify "$dir/expected.csv" 600); took=$(since "$restarted")
  sleep 2
  local repeats=$(( $(processed "$name/") - clips ))
  local fast=false; awk -v t="$took" 'BEGIN { exit !(t <= 90) }' && fast=true
  judge "$name killed (-9) mid-run, restarted 5 s later" "$result" "$(in_dlq "$name/")" "$repeats" "$in_flight" "$fast" "drained ${took} s after the restart"
}

scenario_monitor() { killed_mid_run monitor "$monitor_pid" stack_start_monitor; }
scenario_function() { killed_mid_run function "$function_pid" stack_start_function --workers "$workers"; }

scenario_outage() {
  local dir=$work/s-outage restarted took result
  workload "$clips" "$dir" "outage/"
  kill_hard "$function_pid"
  verifier upload --bucket "$input" --prefix outage/ "$dir" >/dev/null
  say "function down for ${outage} s (lease ${MONITOR_VISIBILITY_TIMEOUT})"
  sleep "$outage"
  stack_start_function --workers "$workers"; restarted=$(now)
  result=$(verify "$dir/expected.csv" 600); took=$(since "$restarted")
  sleep 2
  local repeats=$(( $(processed outage/) - clips ))
  local fast=false; awk -v t="$took" 'BEGIN { exit !(t <= 90) }' && fast=true
  judge "function down for ${outage} s" "$result" "$(in_dlq outage/)" "$repeats" 0 "$fast" "drained ${took} s after it came back"
}

scenario_sigterm() {
  local dir=$work/s-sigterm restarted took result code=0 handed
  workload "$clips" "$dir" "sigterm/"
  stack_stop "$monitor_pid" 1 >/dev/null 2>&1 || true; stack_forget "$monitor_pid"
  MONITOR_SHUTDOWN_DEADLINE=1s stack_start_monitor
  verifier upload --bucket "$input" --prefix sigterm/ "$dir" >/dev/null
  wait_processed sigterm/ 2 300 || true
  local before; before=$(wc -l <"$work/monitor.log")
  stack_stop "$monitor_pid" 60 || code=$?
  stack_forget "$monitor_pid"
  handed=$(tail -n +"$((before + 1))" "$work/monitor.log" | grep -o 'handed back [0-9]*\|[0-9]* message(s) handed back' | grep -o '[0-9]*' | head -1 || true)
  stack_start_monitor; restarted=$(now)
  result=$(verify "$dir/expected.csv" 600); took=$(since "$restarted")
  sleep 2
  local repeats=$(( $(processed sigterm/) - clips ))
  # Honest: exit 3 exactly when the deadline cut running videos off (and said so), 0 when they all finished.
  local cut=false honest=false
  tail -n +"$((before + 1))" "$work/monitor.log" | grep -q 'shutdown deadline .* passed' && cut=true
  { [ "$code" = 3 ] && $cut; } || { [ "$code" = 0 ] && ! $cut; } && honest=true
  judge "monitor SIGTERM with a 1 s deadline" "$result" "$(in_dlq sigterm/)" "$repeats" "$in_flight" "$honest" "exit code $code, ${handed:-?} handed back, drained ${took} s after the restart"
}

scenario_overwrite() {
  local dir=$work/s-overwrite trials=5 i expected=$work/s-overwrite.csv result
  mkdir -p "$dir/a" "$dir/b"
  [ -f "$work/tc2/expected.csv" ] || bash "$assets/course/make-test-case-2.sh" "$work/tc2" >/dev/null
  echo "video,name,major,year" >"$expected"
  for ((i = 0; i < trials; i++)); do
    cp "$work/tc2/test_0$((2 * i)).mp4" "$dir/a/race_$i.mp4"
    cp "$work/tc2/test_0$((2 * i + 1)).mp4" "$dir/b/race_$i.mp4"
    grep "^test_0$((2 * i + 1)).mp4," "$work/tc2/expected.csv" | sed "s|^test_0$((2 * i + 1)).mp4|overwrite/race_$i.mp4|" >>"$expected"
  done
  for ((i = 0; i < trials; i++)); do
    upload_one "$dir/a/race_$i.mp4" overwrite/
    sleep 0.5
    upload_one "$dir/b/race_$i.mp4" overwrite/
  done
  sleep 5
  result=$(verify "$expected" 300)
  local good=${result%/*}
  check "same key overwritten with another clip 0.5 s later, $trials trials" "$([ "$good" = "$trials" ] && echo true || echo false)" \
    "$good of $trials keep the newer upload's result"
}

scenario_poison() {
  local dir=$work/s-poison started result bad=10 took
  workload "$clips" "$dir" "poison/"
  : >"$dir/empty_0.mp4"; : >"$dir/empty_1.mov"
  head -c 4000 "$work/tc2/test_00.mp4" >"$dir/truncated_0.mp4"
  head -c 20000 "$work/tc2/test_01.mp4" >"$dir/truncated_1.mp4"
  echo "this is not a video" >"$dir/text_0.mp4"
  printf 'ffconcat version 1.0\nfile /etc/passwd\n' >"$dir/ffconcat_0.mp4"
  printf '#EXTM3U\n#EXTINF:1,\n/etc/hostname\n' >"$dir/playlist_0.mp4"
  head -c 100000 /dev/urandom >"$dir/random_0.mp4"
  head -c 100000 /dev/urandom >"$dir/random_1.avi"
  printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2' >"$dir/header_only_0.mp4"
  started=$(now)
  verifier upload --bucket "$input" --prefix poison/ "$dir" >/dev/null
  result=$(verify "$dir/expected.csv" 600)
  local i n=0
  for ((i = 0; i < 120; i++)); do
    n=$(verifier dlq 2>/dev/null | grep -c "poison/\(empty\|truncated\|text\|ffconcat\|playlist\|random\|header\)" || true)
    [ "$n" -ge "$bad" ] && break
    sleep 1
  done
  took=$(since "$started")
  local reasons; reasons=$(verifier dlq 2>/dev/null | grep -c "poison/.*\(undecodable\|over-limit\|not-found\|invalid-event\)" || true)
  local good_in_dlq; good_in_dlq=$(verifier dlq 2>/dev/null | grep -c "poison/test_" || true)
  local fast=false; [ "$n" -ge "$bad" ] && awk -v t="$took" 'BEGIN { exit !(t <= 60) }' && fast=true
  judge "$bad bad objects among $clips good" "$result" "$good_in_dlq" 0 0 "$fast" "$n/$bad bad in the DLQ within ${took} s, $reasons with a reason"
}

scenario_load() {
  local dir=$work/s-load started result took
  [ -f "$work/tc2/expected.csv" ] || bash "$assets/course/make-test-case-2.sh" "$work/tc2" >/dev/null
  mkdir -p "$dir"
  echo "video,name,major,year" >"$dir/expected.csv"
  local n=0 round=0
  while [ "$n" -lt "$load" ]; do
    while IFS=, read -r video rest; do
      [ "$video" = video ] && continue
      [ "$n" -lt "$load" ] || break
      ln -sf "$work/tc2/$video" "$dir/r${round}_$video"
      echo "load/r${round}_$video,$rest" >>"$dir/expected.csv"
      n=$((n + 1))
    done <"$work/tc2/expected.csv"
    round=$((round + 1))
  done
  local before; before=$(wc -l <"$work/monitor.log")
  started=$(now)
  verifier upload --bucket "$input" --prefix load/ "$dir" >/dev/null
  result=$(verify "$dir/expected.csv" 900); took=$(since "$started")
  sleep 2
  local repeats=$(( $(processed load/) - load ))
  local latency
  latency=$(tail -n +"$((before + 1))" "$work/monitor.log" | grep 'function succeeded' | grep -o '[0-9]* ms' | grep -o '[0-9]*' | sort -n \
    | awk '{ a[NR] = $1 } END { if (NR == 0) print "?"; else printf "%.2f", a[int((NR + 1) / 2)] / 1000 }')
  judge "$load clips, monitor concurrency 100, $workers function workers" "$result" "$(in_dlq load/)" "$repeats" 0 true \
    "${took} s end to end, invoke latency median ${latency} s"
}

suite_started=$(now)
for s in "${scenarios[@]}"; do
  say "scenario: $s"
  "scenario_$s"
done

printf '\n%-62s | %-70s | %s\n' "fault" "result" "verdict"
printf '%s\n' "$(printf '%.0s-' $(seq 1 150))"
for row in "${rows[@]}"; do
  IFS='|' read -r what result verdict <<<"$row"
  printf '%-62s | %-70s | %s\n' "$what" "$result" "$verdict"
done
echo
echo "faults: $(( ${#rows[@]} - failures )) passed, $failures failed ($(since "$suite_started") s)"
[ "$failures" = 0 ]
