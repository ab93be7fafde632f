#!/usr/bin/env bash
# Builds a small, runnable stand-in for the function's base image — public.ecr.aws/lambda/java:21 plus
# GTK2, i.e. docker/Dockerfile.base — from this machine's JDK and libraries, as a docker-save style
# tar (manifest.json, config JSON, one layer) that Jib takes as a base image:
#   docker/make-local-base.sh [--bare] /tmp/lambda-java21-standin.tar
#   mvn -pl handler -Pecr package jib:buildTar -Djib.base=tar:///tmp/lambda-java21-standin.tar ...
# It exists so the Jib image can be built and RUN on a machine with neither a Docker daemon nor
# internet. It mirrors the real base where the function depends on it:
#   /var/lang            a JRE jlink'd from the local JDK: STANDIN_JDK, else a JDK 21 under /usr/lib/jvm,
#                        else JDK 17 (with a note: the real base has Amazon Corretto 21; the handler is
#                        Java 17 bytecode, so 17 proves the image, and 21+ proves the newer runtime too)
#   /var/runtime/lib     AWS's Java runtime interface client (RIC) and its jars, from Maven Central
#   /var/runtime/bootstrap  starts the RIC with the handler named by $_HANDLER, as the real one does
#   /bin/sh, the C/C++ runtime libraries, /tmp, /etc/passwd with Lambda's sandbox user (uid 993)
#   the real base's PATH, LD_LIBRARY_PATH, LAMBDA_TASK_ROOT=/var/task and working directory
#   /usr/lib64           GTK2 and what it links (OpenCV's highgui links it, and JavaCPP loads highgui with
#                        objdetect), as Dockerfile.base copies it from Amazon Linux 2; --bare leaves it out,
#                        like the plain Lambda base (Amazon Linux 2023 has no GTK2)
# What it does NOT have: the runtime interface emulator (/usr/local/bin/aws-lambda-rie), so a container
# of it needs AWS_LAMBDA_RUNTIME_API pointing at a Runtime API (docker/verify-jib-offline.sh serves
# one); Corretto's CDS archive and Log4jHotPatch agent; yum and the rest of Amazon Linux.
# Never commit the tar. Needs: a JDK 17 or later whose jlink works (JDK 17-23: with jmods),
# mvn (to fetch the RIC), python3, ldd, /bin/dash or busybox.
set -euo pipefail

gtk2=true
if [ "${1:-}" = --bare ]; then gtk2=false; shift; fi
out=${1:?usage: make-local-base.sh [--bare] OUT.tar}
ric_version=${RIC_VERSION:-2.10.1}
say() { printf 'make-local-base: %s\n' "$*" >&2; }

# The JDK whose jlink makes /var/lang: STANDIN_JDK, else a JDK 21 (the real base's version), else JDK 17.
jdk=${STANDIN_JDK:-}
if [ -z "$jdk" ]; then
  for candidate in /usr/lib/jvm/*21*/ /usr/lib/jvm/java-17-openjdk-amd64/; do
    if [ -x "$candidate/bin/jlink" ] && [ -d "$candidate/jmods" ]; then jdk=${candidate%/}; break; fi
  done
fi
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || { say "need a JDK 17 or later with jlink (set STANDIN_JDK)"; exit 1; }
jdk_version=$("$jdk/bin/java" -version 2>&1 | head -1 | sed -E 's/^[^"]*"([0-9]+).*/\1/')
[ "$jdk_version" -ge 17 ] 2>/dev/null || { say "$jdk is not a JDK 17 or later"; exit 1; }
if [ "$jdk_version" != 21 ]; then
  say "NOTE the stand-in's JRE is $jdk_version (from $jdk); the real base has Corretto 21 (set STANDIN_JDK to a JDK 21)"
fi
command -v python3 >/dev/null || { say "python3 is required"; exit 1; }
command -v mvn >/dev/null || { say "mvn is required (to fetch the runtime interface client)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,opt,proc,dev,var/task,var/runtime/lib,usr/local/bin}
chmod 1777 "$root/tmp"

say "jlink a JRE $jdk_version into /var/lang"
# The modules the handler and its libraries use (AWS SDK: java.xml, java.naming, jdk.crypto.ec for TLS;
# logback: java.management, java.naming; opencsv/picocli: java.desktop, java.sql; serve: jdk.httpserver)
# plus the usual runtime ones. The real base has every module; a missing one here shows up as a failure.
"$jdk/bin/jlink" --output "$root/var/lang" --strip-debug --no-man-pages --no-header-files \
  --add-modules java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata
"$root/var/lang/bin/java" -Xshare:dump -XX:SharedArchiveFile="$root/var/lang/lib/server/classes.jsa" >/dev/null 2>&1 || true

say "fetch the runtime interface client $ric_version from Maven Central"
mkdir -p "$work/ric"
cat >"$work/ric/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.standin</groupId><artifactId>lambda-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId><artifactId>aws-lambda-java-runtime-interface-client</artifactId><version>$ric_version</version>
    </dependency>
  </dependencies>
</project>
EOF
mvn -B -q -f "$work/ric/pom.xml" dependency:copy-dependencies -DoutputDirectory="$root/var/runtime/lib" >&2

# The bootstrap: the real one execs /var/lang/bin/java with Lambda's flags, the RIC on the class path and
# the handler from $_HANDLER (which /lambda-entrypoint.sh, or our docker/entry.sh, exports).
cat >"$root/var/runtime/bootstrap" <<'EOF'
#!/bin/sh
# Stand-in for the java21 base image's bootstrap (see docker/make-local-base.sh).
if [ -z "${_HANDLER}" ]; then
  echo "bootstrap: _HANDLER is not set (the entry point exports it from its first argument)" >&2
  exit 142
fi
heap_kb=$(( ${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-1024} * 1024 * 85 / 100 ))
exec /var/lang/bin/java -XX:MaxHeapSize=${heap_kb}k -XX:+UseSerialGC -Xshare:auto \
  -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+ErrorFileToStderr \
  -classpath '/var/runtime/lib/*' \
  com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$_HANDLER"
EOF
chmod 755 "$root/var/runtime/bootstrap"

say "copy /bin/sh and the shared libraries"
if [ -x /bin/dash ]; then cp /bin/dash "$root/bin/sh"; elif command -v busybox >/dev/null; then cp "$(command -v busybox)" "$root/bin/sh"; else say "need /bin/dash or busybox"; exit 1; fi
# What the JRE, sh, the RIC's JNI library and the handler's native libraries need from the system
# (the JavaCPP natives bring their own FFmpeg/OpenCV/OpenBLAS/libgfortran; they need the C/C++ runtime).
unzip -q -o "$root"/var/runtime/lib/aws-lambda-java-runtime-interface-client-*.jar 'jni/libaws-lambda-jni.linux-x86_64.so' -d "$work/jni"
sys_libs="libstdc++.so.6 libgcc_s.so.1 libz.so.1 libm.so.6 libc.so.6 librt.so.1 libdl.so.2 libpthread.so.0 libresolv.so.2 libnss_files.so.2 libnss_dns.so.2"
{
  for lib in $sys_libs; do ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}'; done
  find "$root/var/lang" -name '*.so' -print0 | xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3}'
  ldd "$root/bin/sh" "$root/var/lang/bin/java" "$work/jni/jni/libaws-lambda-jni.linux-x86_64.so" | awk '/=> \// {print $3} /^\t\/lib64/ {print $1}'
  for lib in $sys_libs; do p=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}'); if [ -n "$p" ]; then ldd "$p" | awk '/=> \// {print $3}'; fi; done
} | grep -v "^$root" | sort -u | while read -r lib; do
  [ -n "$lib" ] || continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"   # under the name the loader asks for, even when that name is a symlink
done
mkdir -p "$root/lib64"
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
if $gtk2; then
  # As `yum install gtk2` would on Amazon Linux 2: GTK2 and its closure in /usr/lib64 (on the base's
  # LD_LIBRARY_PATH), except what the base already has.
  mkdir -p "$root/usr/lib64"
  for lib in libgtk-x11-2.0.so.0 libgdk-x11-2.0.so.0 libcairo.so.2 libgdk_pixbuf-2.0.so.0 libgobject-2.0.so.0 libglib-2.0.so.0; do
    p=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ && !found {print $NF; found = 1}')
    [ -n "$p" ] || { say "GTK2 is not installed here ($lib); apt-get install libgtk2.0-0, or use --bare"; exit 1; }
    echo "$p"; ldd "$p" | awk '/=> \// {print $3}'
  done | sort -u | while read -r lib; do
    [ -e "$root$lib" ] || cp -L "$lib" "$root/usr/lib64/$(basename "$lib")"
  done
fi
# FFmpeg 8.1's libavutil links libudev.so.1 (systemd-libs on Amazon Linux 2023, which the Dockerfile installs).
mkdir -p "$root/usr/lib64"
udev=$(ldconfig -p | awk '$1 == "libudev.so.1" && /x86-64/ && !found {print $NF; found = 1}')
[ -n "$udev" ] || { say "libudev.so.1 is not installed here (apt-get install libudev1)"; exit 1; }
[ -e "$root$udev" ] || cp -L "$udev" "$root/usr/lib64/libudev.so.1"
if [ -d /lib/x86_64-linux-gnu ] && [ ! -e "$root/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$root/lib/x86_64-linux-gnu"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib/x86_64-linux-gnu/"
fi

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
sbx_user1051:x:993:990::/home/sbx_user1051:/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
sbx_user1051:x:990:
EOF
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"

say "write the image tar"
python3 - "$root" "$out" <<'EOF'
import hashlib, io, json, os, sys, tarfile
root, out = sys.argv[1], sys.argv[2]
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    def add(path):
        rel = os.path.relpath(path, root)
        info = tar.gettarinfo(path, arcname=rel)
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1
        if info.isreg():
            with open(path, "rb") as f:
                tar.addfile(info, f)
        else:
            tar.addfile(info)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if dirpath != root:
            add(dirpath)
        for name in sorted(filenames):
            add(os.path.join(dirpath, name))
data = layer.getvalue()
diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": "1970-01-01T00:00:00Z",
    "config": {
        "Env": [
            "PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
            "LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
            "LANG=en_US.UTF-8",
            "TZ=:/etc/localtime",
            "LAMBDA_TASK_ROOT=/var/task",
            "LAMBDA_RUNTIME_DIR=/var/runtime",
        ],
        "Entrypoint": ["/var/runtime/bootstrap"],
        "WorkingDir": "/var/task",
        "Labels": {"io.smartclassroom.standin": "public.ecr.aws/lambda/java:21 stand-in built by docker/make-local-base.sh"},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "docker/make-local-base.sh"}],
}
config_bytes = json.dumps(config, indent=2).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": ["smart-classroom/lambda-java21-standin:latest"], "Layers": ["layer.tar"]}]
with tarfile.open(out, "w") as image:
    for name, payload in ((config_name, config_bytes), ("layer.tar", data), ("manifest.json", json.dumps(manifest).encode())):
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        info.mtime = 1
        image.addfile(info, io.BytesIO(payload))
print(f"make-local-base: wrote {out}: one layer of {len(data) / 1e6:.1f} MB, {diff_id}", file=sys.stderr)
EOF
