#!/bin/sh
# Entry point of the function image (docker/Dockerfile and the Jib build in handler/pom.xml, profile
# ecr), the same as the base image's /lambda-entrypoint.sh: the image's CMD is the handler, which the
# Java runtime's bootstrap reads from _HANDLER. On Lambda, AWS_LAMBDA_RUNTIME_API is set and the
# bootstrap talks to it. Anywhere else (docker run on a laptop) the runtime interface emulator serves
# the invoke API on port 8080:
#   docker run -p 9000:8080 IMAGE
#   curl -XPOST localhost:9000/2015-03-31/functions/function/invocations -d @event.json
if [ $# -ne 1 ]; then
  echo "entry.sh: expected exactly one argument, the handler (Class::method); got $#" >&2
  exit 142
fi
export _HANDLER="$1"

runtime=/var/runtime/bootstrap
if [ -z "${AWS_LAMBDA_RUNTIME_API}" ]; then
  emulator=/usr/local/bin/aws-lambda-rie
  if [ ! -x "$emulator" ]; then
    echo "entry.sh: AWS_LAMBDA_RUNTIME_API is not set and $emulator is missing (a stand-in base image?)" >&2
    exit 142
  fi
  exec "$emulator" "$runtime"
fi
exec "$runtime"
