#!/usr/bin/env bash
# Builds a synthetic 1080p lecture: a grid of seats filled with the course students' clips (looped)
# and the strangers/ photos, some students arriving late or leaving early.
#
#   scripts/make-lecture.sh OUT_DIR
#
# Writes OUT_DIR/lecture.mp4, OUT_DIR/expected.csv (video,name,major,year — the course's format: one
# row per student present at any time, sorted by name) and OUT_DIR/truth.json (who sits where, when).
# Deterministic: the same settings give the same seats, times and (same ffmpeg build) the same file.
#
# Settings (environment):
#   ASSETS_DIR  the test assets (course/, strangers/), required
#   MINUTES     lecture length in minutes, may be fractional (default 10)
#   GRID        COLSxROWS seats (default 4x4); tiles are 1920/COLS x 1080/ROWS
#   FPS         30 or 25 (default 30)
#   GOP         frames between keyframes (default 250)
#   ARRIVE      late arrivals, "name=seconds,..." (default: mr_bean at a quarter of the lecture)
#   LEAVE       early leavers, "name=seconds,..." (default: johnny_dep at three quarters)
#   BITRATE     video bitrate (default 4M)
#   PRESET      the x264 preset of the lecture's encode (default medium; veryfast builds long lectures ~3× sooner)
#   FFMPEG      the ffmpeg to run (default ffmpeg); ENCODER (default libx264, else libopenh264)
#   VIDEO_NAME  the file name of the video (default lecture.mp4)
set -euo pipefail

out=${1:?usage: make-lecture.sh OUT_DIR}
assets=${ASSETS_DIR:?ASSETS_DIR must name the test assets}
minutes=${MINUTES:-10}
grid=${GRID:-4x4}
fps=${FPS:-30}
gop=${GOP:-250}
bitrate=${BITRATE:-4M}
preset=${PRESET:-medium}
ffmpeg=${FFMPEG:-ffmpeg}
video_name=${VIDEO_NAME:-lecture.mp4}

duration=$(awk -v m="$minutes" 'BEGIN { d = m * 60; if (d <= 0) exit 1; printf "%g", d }') \
  || { echo "MINUTES must be positive: $minutes" >&2; exit 2; }
[[ $grid =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]] || { echo "GRID must be COLSxROWS: $grid" >&2; exit 2; }
cols=${BASH_REMATCH[1]}
rows=${BASH_REMATCH[2]}
[[ $fps == 30 || $fps == 25 ]] || { echo "FPS must be 30 or 25: $fps" >&2; exit 2; }
tile_w=$(( 1920 / cols / 2 * 2 ))
tile_h=$(( 1080 / rows / 2 * 2 ))
arrive=${ARRIVE-mr_bean=$(awk -v d="$duration" 'BEGIN { printf "%g", d / 4 }')}
leave=${LEAVE-johnny_dep=$(awk -v d="$duration" 'BEGIN { printf "%g", d * 3 / 4 }')}

encoder=${ENCODER:-}
if [[ -z $encoder ]]; then
  # Not "ffmpeg | grep -q": under pipefail, grep's early exit makes ffmpeg die of SIGPIPE and the test fail.
  encoders=$("$ffmpeg" -hide_banner -encoders 2>/dev/null || true)
  if grep -q ' libx264 ' <<<"$encoders"; then encoder=libx264; else encoder=libopenh264; fi
fi

course=$assets/course
clips=$course/test_case_1
students_json=$course/students.json

# The students: one clip each, named by the course's expected results.
student_names=()
student_clips=()
while IFS=, read -r clip name _; do
  [[ $clip == video ]] && continue
  student_names+=("$name")
  student_clips+=("$clips/$clip")
done < "$clips/expected.csv"

# The strangers: every photo in strangers/, refused when it is an enrolled person's picture.
enrolled_sums=$(sha256sum "$course"/enroll/*.jpg "$assets"/faces/*/*.jpg 2>/dev/null | cut -d' ' -f1)
stranger_files=()
for photo in "$assets"/strangers/*.jpg; do
  base=$(basename "$photo" .jpg)
  if jq -e --arg n "$base" 'any(.[]; .name == $n)' "$students_json" >/dev/null; then
    echo "strangers/$base.jpg is named like an enrolled student; not used" >&2; continue
  fi
  if grep -qx "$(sha256sum "$photo" | cut -d' ' -f1)" <<<"$enrolled_sums"; then
    echo "strangers/$base.jpg is the same file as an enrollment frame or an enrolled person's photo; not used" >&2; continue
  fi
  stranger_files+=("$photo")
done

seats=$(( cols * rows ))
people=$(( ${#student_names[@]} + ${#stranger_files[@]} ))
(( people <= seats )) || { echo "GRID $grid has $seats seats, fewer than the $people people" >&2; exit 2; }

# Seat of the i-th person: a stride coprime with the seat count spreads them over the room.
stride=1
for s in 7 5 3 11 13; do
  a=$s b=$seats; while (( b )); do t=$(( a % b )); a=$b; b=$t; done
  if (( a == 1 && s < seats )); then stride=$s; break; fi
done

time_of() { # time_of "name=t,..." name default
  local list=$1 name=$2 default=$3 entry
  IFS=, read -ra entries <<<"$list"
  for entry in "${entries[@]}"; do
    [[ ${entry%%=*} == "$name" ]] && { echo "${entry#*=}"; return; }
  done
  echo "$default"
}

mkdir -p "$out/seats"
inputs=()
filters="color=c=0x303030:s=1920x1080:r=$fps:d=$duration[room0]"
seat_json=()
csv_rows=()
last=room0
# Each seat is scaled once into OUT_DIR/seats/, so the lecture itself only composes tile-sized inputs.
fit="scale=$tile_w:$tile_h:force_original_aspect_ratio=decrease,pad=$tile_w:$tile_h:(ow-iw)/2:(oh-ih)/2:color=0x303030,setsar=1"
for (( p = 0; p < people; p++ )); do
  seat=$(( p * stride % seats ))
  col=$(( seat % cols ))
  row=$(( seat / cols ))
  x=$(( col * tile_w ))
  y=$(( row * tile_h ))
  if (( p < ${#student_names[@]} )); then
    kind=student
    name=${student_names[p]}
    source=${student_clips[p]}
    tile=$out/seats/$p.mp4
    "$ffmpeg" -hide_banner -loglevel error -y -i "$source" -vf "fps=$fps,$fit" -an -c:v "$encoder" -b:v 2M \
      -g "$fps" -pix_fmt yuv420p "$tile"
    inputs+=(-stream_loop -1 -i "$tile")
    from=$(time_of "$arrive" "$name" 0)
    to=$(time_of "$leave" "$name" "$duration")
    record=$(jq -c --arg n "$name" '.[] | select(.name == $n)' "$students_json")
    [[ -n $record ]] || { echo "$name is not in students.json" >&2; exit 2; }
    csv_rows+=("$video_name,$name,$(jq -r '.major' <<<"$record"),$(jq -r '.year' <<<"$record")")
  else
    kind=stranger
    source=${stranger_files[p - ${#student_names[@]}]}
    name=$(basename "$source" .jpg)
    tile=$out/seats/$p.png
    "$ffmpeg" -hide_banner -loglevel error -y -i "$source" -vf "$fit" -frames:v 1 "$tile"
    inputs+=(-loop 1 -framerate "$fps" -i "$tile")
    from=0
    to=$duration
  fi
  filters+=";[$last][$p:v]overlay=$x:$y:eof_action=repeat:enable='between(t,$from,$to)'[room$((p + 1))]"
  last=room$((p + 1))
  seat_json+=("$(jq -nc --argjson seat "$seat" --argjson row "$row" --argjson col "$col" \
    --argjson x "$x" --argjson y "$y" --argjson w "$tile_w" --argjson h "$tile_h" \
    --arg kind "$kind" --arg name "$name" --arg source "${source#"$assets"/}" \
    --argjson arrive "$from" --argjson leave "$to" \
    '{seat:$seat,row:$row,col:$col,x:$x,y:$y,width:$w,height:$h,kind:$kind,name:$name,source:$source,arrive_s:$arrive,leave_s:$leave}')")
done

"$ffmpeg" -hide_banner -loglevel error -y "${inputs[@]}" -filter_complex "$filters" -map "[$last]" \
  -t "$duration" -r "$fps" -c:v "$encoder" $( [[ $encoder == libx264 ]] && echo "-preset $preset" ) -b:v "$bitrate" -g "$gop" -pix_fmt yuv420p -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$out/$video_name.part.mp4"
mv "$out/$video_name.part.mp4" "$out/$video_name"
rm -rf "$out/seats"

{ echo "video,name,major,year"; printf '%s\n' "${csv_rows[@]}" | sort -t, -k2,2; } > "$out/expected.csv"
printf '%s\n' "${seat_json[@]}" | jq -s --arg video "$video_name" --arg grid "$grid" --argjson fps "$fps" \
  --argjson gop "$gop" --argjson duration "$duration" --arg encoder "$encoder" \
  '{video:$video,width:1920,height:1080,fps:$fps,gop:$gop,encoder:$encoder,duration_s:$duration,grid:$grid,seats:.}' \
  > "$out/truth.json"
echo "$out/$video_name: $grid, ${duration}s at ${fps} fps, GOP $gop ($encoder), $people people in $seats seats"
