#!/usr/bin/env bash
# Benchmark of a recorded lecture through the local cloud, as scripts/demo.sh runs it.
#
#   scripts/bench-lecture.sh [--build-only] [MINUTES]        (default 10)
#
# Builds (once, cached under target/bench-lecture/) a synthetic 1080p lecture of MINUTES from the course's
# students and the stranger photos (scripts/make-lecture.sh: a GRID of seats, one student arriving a quarter
# in, one leaving at three quarters), measures a single-threaded FFmpeg full decode of the same file as the
# baseline, then runs the lecture through local cloud → monitor → function and prints, in one run: wall time,
# CPU seconds of the function and of the whole stack, segments, per-stage counts and ms (from the video's
# attendance record), the ratios to the baseline, and whether the CSV is right.
#
# Settings (environment): GRID (default 4x4), FPS (25), PRESET (x264, default veryfast), PART_MINUTES (5: long lectures are built as parts
# of this length joined without re-encoding, with the arrival and departure falling on part boundaries),
# SEGMENT_SECONDS (the function's segment length, default the function's own), BENCH_WAIT_SECONDS (default
# 3 × MINUTES × 60 + 300), ASSETS_DIR (the test assets).
# Exits 0 when the CSV is right, 1 when it is wrong, 2 when the benchmark could not run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
STACK_NAME=bench
# shellcheck source=scripts/lib/local-stack.sh
source "$root/scripts/lib/local-stack.sh"

build_only=false
if [ "${1:-}" = --build-only ]; then build_only=true; shift; fi
minutes=${1:-10}
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "bench-lecture: MINUTES must be a number: $minutes" >&2; exit 2; }
grid=${GRID:-4x4}
fps=${FPS:-25}
part_minutes=${PART_MINUTES:-5}
for tool in ffmpeg ffprobe jq curl; do
  command -v "$tool" >/dev/null || { echo "bench-lecture: $tool is not installed" >&2; exit 2; }
done
hz=$(getconf CLK_TCK)

stack_build
stack_assets
lecture_assets=${ASSETS_DIR:-$assets}
[ -d "$lecture_assets/strangers" ] || { echo "bench-lecture: no strangers/ in $lecture_assets: set ASSETS_DIR to the test assets" >&2; exit 2; }

# --- the lecture (cached: building an hour of 1080p costs more than processing it) ---
cache=$root/target/bench-lecture/${minutes}min-${grid}-${fps}fps
lecture=$cache/lecture.mp4
if [ ! -f "$lecture" ] || [ ! -f "$cache/expected.csv" ]; then
  rm -rf "$cache"; mkdir -p "$cache/parts"
  duration=$(awk -v m="$minutes" 'BEGIN { printf "%g", m * 60 }')
  part=$(awk -v m="$part_minutes" 'BEGIN { printf "%g", m * 60 }')
  parts=$(awk -v d="$duration" -v p="$part" 'BEGIN { n = int((d + p - 1) / p); if (n < 1) n = 1; print n }')
  if (( parts < 4 )); then
    say "building a ${minutes}-minute $grid lecture at $fps fps (one part)"
    ASSETS_DIR=$lecture_assets MINUTES=$minutes GRID=$grid FPS=$fps "$root/scripts/make-lecture.sh" "$cache" >&2
    arrive_s=$(jq -r '[.seats[] | select(.arrive_s > 0)][0] | "\(.name)=\(.arrive_s)"' "$cache/truth.json")
    leave_s=$(jq -r --argjson d "$duration" '[.seats[] | select(.leave_s < $d)][0] | "\(.name)=\(.leave_s)"' "$cache/truth.json")
  else
    # Three kinds of part, each built once: before the late student arrives, everyone, after the early one left.
    q=$(( (parts + 3) / 4 )); late=mr_bean early=johnny_dep
    say "building a ${minutes}-minute $grid lecture at $fps fps from $parts parts of ${part_minutes} min"
    for kind in before full after; do
      case $kind in
        before) arrive="$late=1000000" leave="" ;;
        full) arrive="" leave="" ;;
        after) arrive="" leave="$early=-1" ;;
      esac
      ASSETS_DIR=$lecture_assets MINUTES=$part_minutes GRID=$grid FPS=$fps ARRIVE=$arrive LEAVE=$leave VIDEO_NAME=$kind.mp4 PRESET=${PRESET:-veryfast} \
        "$root/scripts/make-lecture.sh" "$cache/parts/$kind" >&2
    done
    : >"$cache/parts/list.txt"
    for ((i = 0; i < parts; i++)); do
      if (( i < q )); then kind=before; elif (( i >= parts - q )); then kind=after; else kind=full; fi
      echo "file '$cache/parts/$kind/$kind.mp4'" >>"$cache/parts/list.txt"
    done
    ffmpeg -hide_banner -loglevel error -y -f concat -safe 0 -i "$cache/parts/list.txt" -c copy -t "$duration" \
      -movflags +faststart "$cache/lecture.part.mp4"
    mv "$cache/lecture.part.mp4" "$lecture"
    sed 's/^full\.mp4,/lecture.mp4,/' "$cache/parts/full/expected.csv" >"$cache/expected.csv"
    arrive_s="$late=$(awk -v q="$q" -v p="$part" 'BEGIN { printf "%g", q * p }')"
    leave_s="$early=$(awk -v q="$q" -v p="$part" -v n="$parts" 'BEGIN { printf "%g", (n - q) * p }')"
    jq --arg a "$arrive_s" --arg l "$leave_s" --argjson d "$duration" \
      '.video = "lecture.mp4" | .duration_s = $d | .arrive = $a | .leave = $l' "$cache/parts/full/truth.json" >"$cache/truth.json"
    rm -rf "$cache/parts"
  fi
  echo "${arrive_s:-}" >"$cache/arrive.txt"; echo "${leave_s:-}" >"$cache/leave.txt"
fi
if $build_only; then echo "$lecture"; exit 0; fi
size=$(stat -c %s "$lecture")
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$lecture")
say "lecture: $lecture ($(( size / 1048576 )) MiB, ${duration} s; arrives $(cat "$cache/arrive.txt"), leaves $(cat "$cache/leave.txt"))"

# --- the baseline: a single-threaded full decode of the same file, in this run ---
say "baseline: ffmpeg -threads 1 full decode"
base_start=$(date +%s.%N)
base_cpu=$( { /usr/bin/env time -f '%U %S' ffmpeg -hide_banner -loglevel error -threads 1 -i "$lecture" -f null - ; } 2>&1 | tail -1 )
base_wall=$(awk -v s="$base_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
base_cpu=$(awk '{ printf "%.1f", $1 + $2 }' <<<"$base_cpu")

# --- the pipeline ---
stack_workdir
cleanup() { local code=$?; stack_cleanup; if [ "$code" = 0 ]; then rm -rf "$work"; else say "logs are in $work"; fi; exit "$code"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
stack_start_cloud
stack_provision
mkdir -p "$work/videos"; ln -s "$lecture" "$work/videos/lecture.mp4"
[ -n "${SEGMENT_SECONDS:-}" ] && export SEGMENT_SECONDS
export AWS_LAMBDA_FUNCTION_TIMEOUT=${AWS_LAMBDA_FUNCTION_TIMEOUT:-900}
stack_start_function
stack_start_monitor
sleep 3

cpu_ticks() { # PID...: user + system clock ticks of the processes (and their reaped children)
  local pid total=0
  for pid in "$@"; do
    total=$(( total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat") ))
  done
  echo "$total"
}
function_ticks0=$(cpu_ticks "$function_pid")
stack_ticks0=$(cpu_ticks "${stack_pids[@]}")
start=$(date +%s.%N)
java -jar verifier/target/verifier.jar upload --bucket smart-classroom-input "$work/videos" >&2
set +e
java -jar verifier/target/verifier.jar --expected "$cache/expected.csv" \
  --wait "${BENCH_WAIT_SECONDS:-$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 180 + 300 }')}" >"$work/verifier.txt" 2>&1
verdict=$?
set -e
wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
function_cpu=$(awk -v a="$function_ticks0" -v b="$(cpu_ticks "$function_pid")" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) / hz }')
stack_cpu=$(awk -v a="$stack_ticks0" -v b="$(cpu_ticks "${stack_pids[@]}")" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) / hz }')
cat "$work/verifier.txt" >&2

record=$work/lecture.json
curl -sf --aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
  "$AWS_ENDPOINT_URL_S3/smart-classroom-output/lecture.json" -o "$record" || echo '{}' >"$record"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
echo
echo "lecture            ${minutes} min, $grid, ${fps} fps, $(( size / 1048576 )) MiB"
echo "baseline decode    wall ${base_wall} s, cpu ${base_cpu} s (ffmpeg -threads 1 -f null)"
echo "pipeline           wall ${wall} s (upload → CSV), function cpu ${function_cpu} s, whole stack cpu ${stack_cpu} s"
echo "ratios             wall $(ratio "$wall" "$base_wall")×, function cpu $(ratio "$function_cpu" "$base_cpu")×, stack cpu $(ratio "$stack_cpu" "$base_cpu")× the baseline"
echo "segments           $(jq -r '.segments // "?"' "$record") (function invocations: $(grep -c 'invocation' "$work/function.log" 2>/dev/null || echo '?') log lines naming one)"
echo "work               $(jq -r '"frames decoded \(.frames_decoded // "?"), examined \(.frames_examined // "?"), faces \(.faces_detected // "?"), embeddings \(.embeddings // "?"), unknown people \(.unknown_faces // "?")"' "$record")"
echo "stage ms           $(jq -r '(.timings_ms // {}) | to_entries | map("\(.key) \(.value)") | join(", ")' "$record")"
echo "students           $(jq -r '(.students // []) | map("\(.name) \(.first_seen_s|floor)–\(.last_seen_s|floor) s") | join("; ")' "$record")"
echo "truth              arrives $(cat "$cache/arrive.txt"), leaves $(cat "$cache/leave.txt")"
echo "csv                $([ "$verdict" = 0 ] && echo right || echo "WRONG (verifier exit $verdict)")"
exit "$verdict"
