#!/usr/bin/env bash
# Container test: builds the image from this checkout and tests it as a real container.
#
#   bash test/container/run.sh        (from .ci/run; needs root for podman, like CI)
#
# Checks: the image builds; HEALTHCHECK is in the image and passes; a list request of every API and a
# deepset PATCH answer through a published port; `verify` inside the container passes a HAR mounted from
# the host (and fails a broken copy); the server runs as a non-root PID 1 with production dependencies
# only; PORT from the environment moves the server and its healthcheck; `podman stop` ends the
# container within 3 seconds through the server's own SIGTERM handling.
#
# There is no image registry on these machines: ../shared/tools/container-base-image.sh builds a local
# stand-in for node:20-bookworm-slim first, and ../shared/tools/podman-run adds the sandbox's run flags.
# Containers, the image and temporary files are removed on every exit, passed or failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS="$ROOT/../shared/tools"
PROBE="$ROOT/test/container/probe.js"
RUN_ID="ctest-$$-$(date +%s)"
IMAGE="localhost/contract-mock:$RUN_ID"
SERVE="contract-mock-$RUN_ID-serve"
PORTED="contract-mock-$RUN_ID-port"
WORK=$(mktemp -d)
LOG="$WORK/podman.log"
HEALTH_TIMEOUT_MS=30000
STOP_LIMIT_MS=3000

passed=0
failed=0
holder=
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
now_ms() { date +%s%3N; }

cleanup() {
  local rc=$?
  [ -n "$holder" ] && kill "$holder" 2>/dev/null
  for c in "$SERVE" "$PORTED"; do
    podman container exists "$c" 2>/dev/null && podman rm -f -t 0 "$c" >>"$LOG" 2>&1
  done
  podman image exists "$IMAGE" 2>/dev/null && podman rmi -f "$IMAGE" >>"$LOG" 2>&1
  if podman container exists "$SERVE" 2>/dev/null || podman image exists "$IMAGE" 2>/dev/null; then
    echo "FAIL: cleanup left $SERVE or $IMAGE behind"
    rc=1
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "FAIL: interrupted"; exit 130' INT TERM

# The end: a closing count line, the exit code from the failures.
finish() {
  echo "container: $passed passed, $failed failed ($(( ($(now_ms) - started) / 1000 )) s)"
  [ "$failed" -eq 0 ]
  exit $?
}
# A failure after which the remaining checks cannot run.
abort() {
  fail "$*"
  if podman container exists "$SERVE" 2>/dev/null; then
    echo "--- last lines of the server's log"
    podman logs --tail 30 "$SERVE" 2>&1 | sed 's/^/    /'
  fi
  finish
}

started=$(now_ms)
cd "$ROOT"

echo "== base image (local stand-in for node:20-bookworm-slim)"
"$TOOLS/container-base-image.sh" || abort "container-base-image.sh failed"

echo "== build"
t0=$(now_ms)
# --format docker keeps HEALTHCHECK (the OCI format has no field for it); --layers=false and --force-rm
# leave no intermediate images or containers behind, so removing the tag removes everything.
if podman build --isolation=chroot --format docker --layers=false --force-rm -t "$IMAGE" . >"$WORK/build.log" 2>&1; then
  size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
  pass "image builds ($(( ($(now_ms) - t0) / 1000 )) s, $((size / 1000000)) MB)"
else
  # npm prints its whole usage text on some errors: keep the lines that say what went wrong.
  grep -vE '^npm (error|notice)' "$WORK/build.log" | tail -8 | sed 's/^/    /'
  grep -E '^npm error [^ ]' "$WORK/build.log" | head -12 | sed 's/^/    /'
  abort "podman build failed"
fi

hc=$(podman image inspect --format '{{json .HealthCheck.Test}}' "$IMAGE" 2>/dev/null)
user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
if [[ "$hc" == *node*__mock/health* && "$user" == node ]]; then
  pass "image config: USER node, HEALTHCHECK probes /__mock/health with node"
else
  fail "image config: USER '$user', HEALTHCHECK $hc"
fi

echo "== serve"
# The default command with the default environment; the port is published on a free loopback port.
"$TOOLS/podman-run" -d --name "$SERVE" -p 127.0.0.1::4010 "$IMAGE" >>"$LOG" 2>&1 \
  || abort "podman run $IMAGE failed: $(tail -3 "$LOG")"
hostport=$(podman port "$SERVE" 4010/tcp 2>>"$LOG" | head -n1)
[ -n "$hostport" ] || abort "no host port published for 4010/tcp"
BASE="http://$hostport"
t0=$(now_ms)
if node "$PROBE" wait "$BASE" "$HEALTH_TIMEOUT_MS"; then
  pass "healthy at $BASE/__mock/health after $(( $(now_ms) - t0 )) ms"
else
  abort "not healthy within $HEALTH_TIMEOUT_MS ms at $BASE"
fi

# The image's own HEALTHCHECK, run by the engine inside the container.
if podman healthcheck run "$SERVE" >>"$LOG" 2>&1 \
  && [ "$(podman inspect --format '{{.State.Health.Status}}' "$SERVE" 2>>"$LOG")" = healthy ]; then
  pass "HEALTHCHECK reports healthy"
else
  fail "HEALTHCHECK: $(podman inspect --format '{{json .State.Health}}' "$SERVE" 2>&1 | head -c 400)"
fi

echo "== requests"
HAR_DIR="$WORK/recordings"
node "$PROBE" smoke "$BASE" "$ROOT/fixtures" "$HAR_DIR" >"$WORK/smoke.out" 2>&1
smoke_rc=$?
while IFS= read -r line; do
  case "$line" in
    PASS:*) pass "${line#PASS: }" ;;
    FAIL:*) fail "${line#FAIL: }" ;;
    *) echo "    $line" ;;
  esac
done <"$WORK/smoke.out"
[ "$smoke_rc" -le 1 ] || fail "probe smoke crashed (exit $smoke_rc)"

echo "== verify inside the container"
if [ -f "$HAR_DIR/container.har" ]; then
  # The container runs as uid 1000: the mounted directory must be readable by others.
  chmod 755 "$HAR_DIR" && chmod 644 "$HAR_DIR"/*
  "$TOOLS/podman-run" --rm --no-healthcheck -v "$HAR_DIR:/recordings:ro" "$IMAGE" verify /recordings/container.har \
    >"$WORK/verify.out" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "verify /recordings/container.har: conform ($(grep -c '"request"' "$HAR_DIR/container.har") exchanges)"
  else
    fail "verify /recordings/container.har exited $rc"
    tail -30 "$WORK/verify.out" | sed 's/^/    /'
  fi
  if [ -f "$HAR_DIR/broken.har" ]; then
    pointer=$(cat "$HAR_DIR/broken.pointer")
    "$TOOLS/podman-run" --rm --no-healthcheck -v "$HAR_DIR:/recordings:ro" "$IMAGE" verify /recordings/broken.har \
      >"$WORK/broken.out" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ] && grep -qF "$pointer" "$WORK/broken.out"; then
      pass "verify /recordings/broken.har: exit 1, names $pointer"
    else
      fail "verify /recordings/broken.har exited $rc (expected 1 naming $pointer)"
      tail -30 "$WORK/broken.out" | sed 's/^/    /'
    fi
  fi
else
  fail "no HAR recorded, verify not run"
fi

echo "== process and image contents"
uid=$(podman exec "$SERVE" id -u 2>>"$LOG")
pid1_uid=$(podman exec "$SERVE" awk '/^Uid:/ {print $2}' /proc/1/status 2>>"$LOG")
pid1_cmd=$(podman exec "$SERVE" cat /proc/1/cmdline 2>>"$LOG" | tr '\0' ' ')
if [ -n "$uid" ] && [ "$uid" != 0 ] && [ -n "$pid1_uid" ] && [ "$pid1_uid" != 0 ] && [[ "$pid1_cmd" == node\ * ]]; then
  pass "non-root: exec uid $uid, PID 1 '${pid1_cmd% }' uid $pid1_uid"
else
  fail "root check: exec uid '$uid', PID 1 '$pid1_cmd' uid '$pid1_uid'"
fi
# Dev-only packages mark a dev install (typescript is not one: `contract-mock types` needs it at run time).
if podman exec "$SERVE" sh -c 'test -d node_modules/express && test ! -e node_modules/ts-jest && test ! -e node_modules/supertest &&
    test ! -e node_modules/jest && test ! -e src && test ! -e test && test -d contracts && test -d fixtures &&
    test ! -w dist/cli/main.js && test ! -w contracts' >>"$LOG" 2>&1; then
  pass "image holds production dependencies only, no sources or tests; code and contracts read-only"
else
  fail "image contents: dev dependencies, sources or writable code found"
fi

echo "== environment"
# PORT moves the server and the HEALTHCHECK follows it.
"$TOOLS/podman-run" -d --name "$PORTED" -e PORT=5123 -p 127.0.0.1::5123 "$IMAGE" >>"$LOG" 2>&1
ported=$(podman port "$PORTED" 5123/tcp 2>>"$LOG" | head -n1)
if [ -n "$ported" ] && node "$PROBE" wait "http://$ported" "$HEALTH_TIMEOUT_MS" \
  && podman healthcheck run "$PORTED" >>"$LOG" 2>&1; then
  pass "PORT=5123: serves on 5123 and HEALTHCHECK follows"
else
  fail "PORT=5123: not healthy ($(podman logs --tail 5 "$PORTED" 2>&1 | tr '\n' ' '))"
fi
podman rm -f -t 0 "$PORTED" >>"$LOG" 2>&1

echo "== stop"
# A client holding an idle keep-alive connection, as a frontend does, must not delay the shutdown.
node "$PROBE" hold "$BASE" 20 >"$WORK/hold.out" 2>&1 &
holder=$!
for _ in $(seq 50); do grep -q holding "$WORK/hold.out" 2>/dev/null && break; sleep 0.1; done
before=$(podman inspect --format '{{.State.Running}}' "$SERVE" 2>>"$LOG")
t0=$(now_ms)
podman stop -t 10 "$SERVE" >>"$LOG" 2>&1
took=$(( $(now_ms) - t0 ))
code=$(podman inspect --format '{{.State.ExitCode}}' "$SERVE" 2>>"$LOG")
running=$(podman inspect --format '{{.State.Running}}' "$SERVE" 2>>"$LOG")
# Exit code 0: the server's handler closed it (an unhandled SIGTERM to PID 1 is ignored, and the
# engine's SIGKILL after the timeout would give 137).
if [ "$before" = true ] && [ "$running" = false ] && [ "$took" -lt "$STOP_LIMIT_MS" ] && [ "$code" = 0 ]; then
  pass "podman stop: ended in $took ms, exit code 0 (SIGTERM handled by PID 1)"
else
  fail "podman stop: running before: $before; took $took ms (limit $STOP_LIMIT_MS), exit code $code, running after: $running"
  podman logs --tail 10 "$SERVE" 2>&1 | sed 's/^/    /'
fi

finish
