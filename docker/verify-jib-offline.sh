#!/usr/bin/env bash
# Proves the Jib build of the Lambda image (handler/pom.xml, profile ecr) on a machine with neither a
# Docker daemon nor internet (Maven Central only), then runs what it built:
#   1. docker/make-local-base.sh: a runnable stand-in for docker/Dockerfile.base, i.e.
#      public.ecr.aws/lambda/java:21 plus GTK2 (a JRE at /var/lang: 21 when this machine has a JDK 21,
#      else 17, or STANDIN_JDK; AWS's runtime interface client and a bootstrap at /var/runtime) as a tar;
#   2. mvn -Pecr package jib:buildTar with that tar as base and the models copied from
#      $ASSETS_DIR/models (SFace is not there: the image lacks it, and the runs below use the stand-in
#      recognizer, RECOGNITION_MODEL=faceplugin);
#   3. reads handler/target/jib-image.tar: entrypoint, cmd, environment, layers and their sizes; unpacks
#      the layers into a root folder and checks the layout (class path, models, natives);
#   4. runs the image's own JRE in that root (chroot, read-only root as on Lambda, a writable /tmp, as
#      Lambda's sandbox uid 993): the CLI, the native libraries (nothing may be extracted to /tmp), an
#      enroll + identify of a course clip, and a real Lambda invocation — entrypoint + cmd from the image
#      config, the runtime interface client polling docker/LocalRuntimeApi.java on 127.0.0.1.
# Prints each check; exits non-zero if any fails; removes everything it made except the build outputs
# in handler/target. Root only (chroot, unshare). Takes about two minutes.
# Usage: docker/verify-jib-offline.sh        (ASSETS_DIR defaults to ../shared/assets beside the repo)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
assets=${ASSETS_DIR:-$(cd "$repo/.." && pwd)/shared/assets}
image_name=smart-classroom-handler:local
started=$(date +%s)

say() { printf 'verify-jib: %s\n' "$*"; }
failures=0
pass() { printf 'verify-jib: PASS %s\n' "$*"; }
fail() { printf 'verify-jib: FAIL %s\n' "$*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

[ "$(id -u)" = 0 ] || { say "must run as root (chroot, unshare)"; exit 2; }
for tool in java mvn python3 unshare chroot tar; do
  command -v "$tool" >/dev/null || { say "missing tool: $tool"; exit 2; }
done
[ -f "$assets/models/face_detection_yunet_2023mar.onnx" ] || { say "no models in $assets/models (set ASSETS_DIR)"; exit 2; }

work=$(mktemp -d /tmp/verify-jib.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
rootfs=$work/rootfs
mkdir -p "$work/tmp" "$work/api"
chmod 1777 "$work/tmp"

# ---------------------------------------------------------------------------------------------------
say "1/4 stand-in base image"
t=$(date +%s)
"$repo/docker/make-local-base.sh" "$work/base.tar" 2>"$work/base.log" || { cat "$work/base.log"; exit 1; }
say "    $(tail -1 "$work/base.log" | sed 's/^make-local-base: //') ($(( $(date +%s) - t )) s)"
grep 'NOTE' "$work/base.log" | sed 's/^make-local-base: /    /' || true

say "2/4 mvn -pl handler -Pecr package jib:buildTar"
t=$(date +%s)
if ! (cd "$repo" && mvn -B -pl handler -Pecr package jib:buildTar -Dmaven.test.skip=true \
      -Djib.base="tar://$work/base.tar" -Dimage="$image_name" -Dmodels.dir="$assets/models" \
      -Djib.disableUpdateChecks=true >"$work/mvn.log" 2>&1); then
  grep -E 'ERROR|FAIL' "$work/mvn.log" | head -30
  say "the Maven build failed (log above)"; exit 1
fi
grep -E 'model .*SHA-256 ok|MISSING model' "$work/mvn.log" | sed 's/^.*\[echo\] /    /'
image_tar=$repo/handler/target/jib-image.tar
say "    built $image_tar ($(du -m "$image_tar" | cut -f1) MB) in $(( $(date +%s) - t )) s"

# ---------------------------------------------------------------------------------------------------
say "3/4 image config, layers and layout"
python3 - "$image_tar" "$work" <<'EOF' || failures=$((failures + 1))
import gzip, json, os, subprocess, sys, tarfile
image_tar, work = sys.argv[1], sys.argv[2]
rootfs = os.path.join(work, "rootfs")
unpacked = os.path.join(work, "image")
os.makedirs(rootfs)
os.makedirs(unpacked)
with tarfile.open(image_tar) as t:
    t.extractall(unpacked)
manifest = json.load(open(os.path.join(unpacked, "manifest.json")))[0]
config = json.load(open(os.path.join(unpacked, manifest["Config"])))
cfg = config["config"]
ok = True
def check(what, cond):
    global ok
    print(f"verify-jib: {'PASS' if cond else 'FAIL'} {what}")
    ok = ok and bool(cond)

env = dict(e.split("=", 1) for e in cfg.get("Env", []))
check(f"entrypoint {cfg.get('Entrypoint')}", cfg.get("Entrypoint") == ["/entry.sh"])
check(f"cmd {cfg.get('Cmd')}", cfg.get("Cmd") == ["io.smartclassroom.handler.FaceRecognitionHandler::handleRequest"])
check(f"env MODELS_DIR={env.get('MODELS_DIR')}", env.get("MODELS_DIR") == "/opt/models")
check(f"env RECOGNITION_MODEL={env.get('RECOGNITION_MODEL')}", env.get("RECOGNITION_MODEL") == "sface")
tool = env.get("JAVA_TOOL_OPTIONS", "")
for flag in ("-Dorg.bytedeco.javacpp.pathsfirst=true", "-Djava.library.path=/opt/lib",
             "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-Dorg.bytedeco.openblas_nolapack.load=openblas_nolapack@.0"):
    check(f"env JAVA_TOOL_OPTIONS has {flag}", flag in tool.split())
check(f"env LAMBDA_TASK_ROOT={env.get('LAMBDA_TASK_ROOT')} (from the base)", env.get("LAMBDA_TASK_ROOT") == "/var/task")
check(f"working directory {cfg.get('WorkingDir')}", cfg.get("WorkingDir") == "/var/task")

history = [h for h in config.get("history", []) if not h.get("empty_layer")]
total_c = total_u = 0
print("verify-jib:     layer                   compressed   unpacked")
for i, layer in enumerate(manifest["Layers"]):
    path = os.path.join(unpacked, layer)
    compressed = os.path.getsize(path)
    with open(path, "rb") as f:
        f.seek(-4, 2)
        size = int.from_bytes(f.read(4), "little")  # gzip ISIZE (layers are < 4 GiB)
    comment = history[i].get("comment") or history[i].get("created_by", "") if i < len(history) else ""
    names = subprocess.run(["tar", "--warning=no-unknown-keyword", "-tzf", path], capture_output=True, text=True, check=True).stdout.split()
    files = [n[2:] if n.startswith("./") else n for n in names if not n.endswith("/")]
    top = sorted({"/" + "/".join(n.split("/")[:3]) for n in files})[:2]
    print(f"verify-jib:     {comment[:22]:<22} {compressed / 1e6:9.1f} MB {size / 1e6:8.1f} MB  {' '.join(top)}")
    total_c += compressed
    total_u += size
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xzf", path, "-C", rootfs], check=True)
    if any(os.path.basename(n).startswith(".wh.") for n in names):
        check(f"layer {i} has no whiteouts", False)
print(f"verify-jib:     {'image':<22} {total_c / 1e6:9.1f} MB {total_u / 1e6:8.1f} MB  ({len(manifest['Layers'])} layers)")
with open(os.path.join(work, "image.env"), "w") as f:
    f.write("\n".join(cfg.get("Env", [])) + "\n")
with open(os.path.join(work, "image.workdir"), "w") as f:
    f.write(cfg.get("WorkingDir") or "/")
with open(os.path.join(work, "image.cmd"), "w") as f:
    f.write("\n".join(cfg.get("Entrypoint", []) + cfg.get("Cmd", [])) + "\n")
sys.exit(0 if ok else 1)
EOF
[ -d "$rootfs/var/task" ] || { say "the image could not be unpacked"; exit 1; }

say "    the image's JRE: $("$rootfs/var/lang/bin/java" -version 2>&1 | head -1)"
check "/entry.sh is executable" test -x "$rootfs/entry.sh"
check "the handler class is in /var/task/classes" test -f "$rootfs/var/task/classes/io/smartclassroom/handler/FaceRecognitionHandler.class"
check "/var/task/lib/handler-classpath.jar exists" test -f "$rootfs/var/task/lib/handler-classpath.jar"
python3 - "$rootfs" <<'EOF' || failures=$((failures + 1))
import os, sys, zipfile
rootfs = sys.argv[1]
lib = os.path.join(rootfs, "var/task/lib")
manifest = zipfile.ZipFile(os.path.join(lib, "handler-classpath.jar")).read("META-INF/MANIFEST.MF").decode()
lines = []
for line in manifest.splitlines():
    if line.startswith(" ") and lines:
        lines[-1] += line[1:]
    else:
        lines.append(line)
entries = next(l for l in lines if l.startswith("Class-Path:")).split(":", 1)[1].split()
missing = [e for e in entries if not os.path.exists(os.path.normpath(os.path.join(lib, e)))]
libs = os.path.join(rootfs, "var/task/libs")
unlisted = [j for j in os.listdir(libs) if "../libs/" + j not in entries]
ok = not missing and not unlisted
print(f"verify-jib: {'PASS' if ok else 'FAIL'} handler-classpath.jar lists {len(entries)} entries, all present; "
      f"{len(os.listdir(libs))} jars in /var/task/libs, all listed"
      + (f" (missing: {missing[:5]}, unlisted: {unlisted[:5]})" if not ok else ""))
sys.exit(0 if ok else 1)
EOF
yunet_sha=8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4
check "/opt/models/face_detection_yunet_2023mar.onnx has the pinned SHA-256" \
  sh -c "[ \"\$(sha256sum '$rootfs/opt/models/face_detection_yunet_2023mar.onnx' | cut -d' ' -f1)\" = $yunet_sha ]"
if [ -f "$rootfs/opt/models/face_recognition_sface_2021dec.onnx" ]; then
  pass "/opt/models has SFace"
else
  say "NOTE  /opt/models has no face_recognition_sface_2021dec.onnx (not in $assets/models); a build with internet downloads it"
fi
natives=$rootfs/opt/lib
check "/opt/lib holds the FFmpeg, OpenCV and OpenBLAS libraries ($(ls "$natives" | wc -l) files, $(du -sm "$natives" | cut -f1) MB)" \
  test -f "$natives/libjniavformat.so" -a -f "$natives/libjniavfilter.so" -a -f "$natives/libjniopencv_dnn.so" -a -f "$natives/libopenblas_nolapack.so.0"
check "/opt/lib has no symbolic links" sh -c "[ -z \"\$(find '$natives' -type l)\" ]"

# ---------------------------------------------------------------------------------------------------
say "4/4 run the image's JRE in the image (read-only root, /tmp writable, uid 993)"
mkdir -p "$rootfs/mnt/assets"
cat >"$work/in-image.sh" <<'EOF'
# in-image.sh ROOTFS TMP ASSETS ENVFILE full|bare [NAME=VALUE ...] -- COMMAND...: runs COMMAND in
# ROOTFS with the image's environment, as Lambda would: read-only root, a writable /tmp, the sandbox
# user. "bare" hides /usr/lib64 (GTK2), as on the plain Lambda base.
set -e
rootfs=$1 tmp=$2 assets=$3 envfile=$4 mode=$5; shift 5
chroot_bin=$(command -v chroot)
workdir=$(cat "${envfile%.env}.workdir")
mount --bind "$rootfs" "$rootfs"
mount --bind "$tmp" "$rootfs/tmp"
mount -t proc proc "$rootfs/proc"
mount --rbind /dev "$rootfs/dev"
mount --bind "$assets" "$rootfs/mnt/assets"
if [ "$mode" = bare ]; then mount -t tmpfs -o ro tmpfs "$rootfs/usr/lib64"; fi
mount -o remount,bind,ro "$rootfs"
mount -o remount,bind,ro "$rootfs/mnt/assets"
extra=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do extra="$extra
$1"; shift; done
shift
# shellcheck disable=SC2046
IFS='
'
# in the image's working directory, as a container runtime starts it (the Java runtime takes
# user.dir as the task root)
exec env -i $(cat "$envfile") $extra "$chroot_bin" --userspec=993:990 "$rootfs" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "$@"
EOF
in_image() { unshare -m sh "$work/in-image.sh" "$rootfs" "$work/tmp" "$assets" "$work/image.env" full "$@"; }
java_cp=(/var/lang/bin/java -cp '/var/task/lib/*' io.smartclassroom.handler.cli.HandlerCli)

if in_image -- "${java_cp[@]}" --help >"$work/help.out" 2>&1 && grep -q preload "$work/help.out"; then
  pass "java -cp '/var/task/lib/*' HandlerCli --help runs on the image's JRE (exit 0)"
else
  fail "HandlerCli --help in the image:"; sed 's/^/    /' "$work/help.out" | head -20
fi

t=$(date +%s%N)
if in_image -- "${java_cp[@]}" preload >"$work/preload.out" 2>&1; then
  pass "preload loads the natives in the image ($(( ($(date +%s%N) - t) / 1000000 )) ms): $(grep -o 'loaded .*' "$work/preload.out")"
else
  fail "preload in the image:"; sed 's/^/    /' "$work/preload.out" | tail -20
fi
# The same with JavaCPP's debug log: every library must come from /opt/lib, none extracted.
in_image -- /var/lang/bin/java -Dorg.bytedeco.javacpp.logger.debug=true -cp '/var/task/lib/*' \
  io.smartclassroom.handler.cli.HandlerCli preload >"$work/preload-debug.out" 2>&1 || true
loaded=$(grep -c '^Debug: Loading /opt/lib/' "$work/preload-debug.out" || true)
extracted=$(grep -c '^Debug: Extracting' "$work/preload-debug.out" || true)
check "preload: JavaCPP loaded $loaded libraries from /opt/lib and extracted $extracted" [ "$loaded" -gt 10 -a "$extracted" = 0 ]

# The plain Lambda base has no GTK2 (Amazon Linux 2023 has no gtk2 package): OpenCV's highgui links it,
# and JavaCPP loads highgui along with objdetect (FaceDetectorYN), so there the natives fail. The image
# needs docker/Dockerfile.base.
mkdir -p "$work/tmp-bare"; chmod 1777 "$work/tmp-bare"
if unshare -m sh "$work/in-image.sh" "$rootfs" "$work/tmp-bare" "$assets" "$work/image.env" bare -- \
     "${java_cp[@]}" preload >"$work/preload-bare.out" 2>&1; then
  say "NOTE  without GTK2 (the plain Lambda base) the natives load too: the GTK2 base is no longer needed"
else
  say "NOTE  without GTK2 (the plain Lambda base) preload fails as expected: $(grep -o 'lib[a-z0-9_.-]*: cannot open shared object file' "$work/preload-bare.out" | head -1)"
fi

enroll_ok=false
if in_image -- "${java_cp[@]}" enroll --images /mnt/assets/course/enroll --out /tmp/encodings.json \
     --models-dir /opt/models --model faceplugin >"$work/enroll.out" 2>&1 && [ -s "$work/tmp/encodings.json" ]; then
  pass "enroll (stand-in recognizer) wrote /tmp/encodings.json in the image"; enroll_ok=true
else
  fail "enroll in the image:"; sed 's/^/    /' "$work/enroll.out" | tail -20
fi
if $enroll_ok; then
  expected=$(awk -F, '$1 == "test_1.mp4" {print $2}' "$assets/course/test_case_1/expected.csv")
  if in_image -- "${java_cp[@]}" identify --encodings /tmp/encodings.json --models-dir /opt/models --model faceplugin \
       /mnt/assets/course/test_case_1/test_1.mp4 >"$work/identify.out" 2>"$work/identify.err" \
     && grep -q ",$expected," "$work/identify.out"; then
    pass "identify decodes test_1.mp4 (FFmpeg) and finds $expected: $(tr -d '\n' <"$work/identify.out")"
  else
    fail "identify in the image (expected $expected):"; sed 's/^/    /' "$work/identify.out" "$work/identify.err" | tail -20
  fi
fi

# A Lambda invocation through the image's entrypoint and cmd: entry.sh exports _HANDLER and execs the
# bootstrap, whose runtime interface client loads the handler from /var/task (via /var/task/lib) and
# polls the Runtime API; the handler's constructor loads the models and natives; the event is S3's test event.
if $enroll_ok; then
  printf '{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-01T00:00:00.000Z","Bucket":"smart-classroom-input","RequestId":"TEST","HostId":"TEST"}' >"$work/event.json"
  java "$repo/docker/LocalRuntimeApi.java" "$work/event.json" "$work/api" 150 2>"$work/api.log" &
  api_pid=$!; pids+=("$api_pid")
  for _ in $(seq 1 100); do [ -f "$work/api/port" ] && break; sleep 0.2; done
  if [ ! -f "$work/api/port" ]; then
    fail "the local Runtime API did not start"; cat "$work/api.log"
  else
    mapfile -t command <"$work/image.cmd"
    t=$(date +%s%N)
    # not through in_image: $! must be the process that becomes the function's JVM (every step execs)
    unshare -m sh "$work/in-image.sh" "$rootfs" "$work/tmp" "$assets" "$work/image.env" full \
      AWS_LAMBDA_RUNTIME_API="127.0.0.1:$(cat "$work/api/port")" AWS_REGION=us-east-1 \
      AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_LAMBDA_FUNCTION_NAME=smart-classroom-handler \
      AWS_LAMBDA_FUNCTION_VERSION='$LATEST' AWS_LAMBDA_FUNCTION_MEMORY_SIZE=2048 \
      AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/smart-classroom-handler AWS_LAMBDA_LOG_STREAM_NAME=local \
      ENCODINGS=/tmp/encodings.json RECOGNITION_MODEL=faceplugin -- "${command[@]}" >"$work/function.log" 2>&1 &
    function_pid=$!; pids+=("$function_pid")
    api_rc=0; wait "$api_pid" || api_rc=$?
    elapsed=$(( ($(date +%s%N) - t) / 1000000 ))
    kill "$function_pid" 2>/dev/null || true; wait "$function_pid" 2>/dev/null || true
    if [ "$api_rc" = 0 ] && grep -q 's3:TestEvent' "$work/api/response"; then
      pass "Lambda invocation via ${command[*]}: response $(cat "$work/api/response") (cold start + invoke: $elapsed ms)"
    else
      fail "Lambda invocation via ${command[*]} (runtime API exit $api_rc):"
      cat "$work/api/"*error* 2>/dev/null | head -c 2000; echo
      sed 's/^/    /' "$work/function.log" | tail -30
    fi
  fi
fi

# Over all the runs, JavaCPP's cache in /tmp may only hold links to /opt/lib, and avdevice: it cannot
# load without ALSA and PulseAudio (not in the Lambda base either; JavaCV carries on without it), and
# JavaCPP then tries the copy in the jar, which it extracts (224 KB).
links=$(find "$work/tmp/javacpp" -type l 2>/dev/null | wc -l)
extracted_files=$(cd "$work/tmp/javacpp" 2>/dev/null && find . -type f -size +0 -printf '%f ' || true)
unexpected=$(cd "$work/tmp/javacpp" 2>/dev/null && find . -type f -size +0 ! -name 'libavdevice.so.*' ! -name 'libjniavdevice.so' -printf '%f ' || true)
bytes=$(find "$work/tmp/javacpp" -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}')
check "/tmp/javacpp after all runs: $links links, $bytes bytes in files (${extracted_files:-none}); nothing but avdevice extracted" [ -z "$unexpected" ]
say "    /tmp after the runs: $(du -sh "$work/tmp" | cut -f1) ($(cd "$work/tmp" && ls -A | tr '\n' ' '))"

say "done in $(( $(date +%s) - started )) s: $failures failure(s)"
[ "$failures" = 0 ]
