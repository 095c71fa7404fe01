#!/usr/bin/env bash
# Side by side with Gatling (issue 17): the same voice-agent load against the same OpenAI-compatible SSE target, one
# load generator after the other, and what each load generator process costs.
#
#   benchmarks/side-by-side/run.sh [N=1000] [RAMP_SECONDS=60] [HOLD_SECONDS=60]
#
# Profile, both tools: a closed model of N concurrent calls, ramped from 0 over RAMP then held for HOLD; each call a
# few turns, about 2 s between a caller's turns, each turn a streaming chat-completions POST carrying the call's whole
# message history, its SSE stream read to the end. The target (target.mjs, node, no packages) answers after THINK_MS
# and counts the requests, so both tools are divided by the same count. Callstorm runs as users run it (`./callstorm
# run` with the launcher's JVM options, evaluation and calls.jsonl on); Gatling 3.15.1 runs its Java simulation
# (gatling/) from its own main class with the JVM options of its Maven plugin.
#
# Measured per load-generator process (never the target): CPU (utime + stime of /proc/PID/stat) per request over the
# whole run (JVM start and reports included), from the first request to the last (the load), and over the hold (3 s in
# from each end, requests counted by the target in the same window), peak RSS and
# PSS (/proc/PID/smaps_rollup, about every second), peak threads.
#
# Environment:
#   TOOLS=gatling,callstorm   which to run, in that order      TURNS=5          Gatling's turns per call
#   PAUSE_MS=2000             Gatling's pause before each turn  TIME_SCALE=0.2   Callstorm's caller-time factor
#   PORT=8099, THINK_MS=300, STREAM_MS=60  the target          OUT=benchmarks/side-by-side/out/<time>
#   CALLSTORM_JAVA_OPTS       passed to ./callstorm (the launcher's choice when unset)
#   GATLING_JAVA_OPTS         default: its Maven plugin's (-Xmx1g -XX:+UseG1GC -XX:+ParallelRefProcEnabled ...)
#   CALLSTORM_JFR=1           record a JFR profile of the Callstorm side (OUT/callstorm.jfr)
#   MAVEN_ARGS                added to the Maven command that compiles the Gatling side (e.g. -o)
#
# Callstorm's callers speak and listen for as long as their words take (scaled by TIME_SCALE) where Gatling pauses a
# fixed PAUSE_MS: at TIME_SCALE 0.2 a turn's listening (the target's 12 words at 165 wpm), thinking (400 ms) and
# speaking (12 to 15 words at about 150 wpm) come to about 2 s, as PAUSE_MS. The table prints each side's requests so
# that a mismatch shows. Callstorm's scripted paths came to 4.5 to 4.9 turns a call here; Gatling's calls have TURNS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
N="${1:-1000}"
RAMP="${2:-60}"
HOLD="${3:-60}"
TOOLS="${TOOLS:-gatling,callstorm}"
TURNS="${TURNS:-5}"
PAUSE_MS="${PAUSE_MS:-2000}"
TIME_SCALE="${TIME_SCALE:-0.2}"
PORT="${PORT:-8099}"
export THINK_MS="${THINK_MS:-300}" STREAM_MS="${STREAM_MS:-60}"
OUT="${OUT:-$here/out/$(date -u +%Y%m%dT%H%M%SZ)}"
# Gatling's Maven plugin's defaults, and the opening of java.lang its stats writer needs (the plugin adds it too).
GATLING_JAVA_OPTS="${GATLING_JAVA_OPTS:--Xmx1g -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 --add-opens=java.base/java.lang=ALL-UNNAMED}"
MVN=("$repo/mvnw" -B -q ${MAVEN_ARGS:-})

for v in "$N" "$RAMP" "$HOLD" "$TURNS" "$PAUSE_MS" "$PORT"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: N, RAMP, HOLD, TURNS, PAUSE_MS and PORT are whole numbers > 0, got '$v'" >&2; exit 2; }
done
(( HOLD > 10 )) || { echo "run.sh: HOLD must be more than 10 s (the hold window leaves out 3 s at each end)" >&2; exit 2; }
command -v node >/dev/null || { echo "run.sh: node (18 or newer) runs the target" >&2; exit 3; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) >= 2 * N + 1000 )) || echo "run.sh: warning: open files limit $(ulimit -n) is low for $N connections" >&2
mkdir -p "$OUT"
tick="$(getconf CLK_TCK)"

# The sampler forks nothing (bash builtins and /dev/tcp): on a machine busy with other work, every fork waits for a
# core, and a sampler that forks falls seconds behind.
poll() { # sets STATS to the target's counters as one line of JSON, or {} when it does not answer
  local line body='{}'
  if { exec 9<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null; then
    printf 'GET /stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&9
    while IFS= read -r -t 3 line <&9; do body="$line"; done
    [ -n "$line" ] && body="$line" # the body's one line ends without a newline
    exec 9<&- 9>&-
  fi
  STATS="$body"
}
stats() { poll; echo "$STATS"; }
field() { [[ "$2" =~ \"$1\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || true; }
exec 8<> <(:) # never written: `read -t 1 <&8` sleeps a second without a fork
pause_1s() { read -r -t 1 <&8 || true; }
# Sets cpu (utime + stime, clock ticks), rss, pss (kB) and thr of process $1; returns 1 once it has gone.
sample() {
  local p="$1" line k v rest
  read -r line 2>/dev/null <"/proc/$p/stat" || return 1
  line="${line##*) }" # the fields after the command name, which may hold spaces
  set -- $line
  [ "$1" = Z ] && return 1 # exited: a zombie's times are no longer its own
  cpu=$(( ${12} + ${13} ))
  while read -r k v rest; do
    case "$k" in VmRSS:) rss="$v" ;; Threads:) thr="$v" ;; esac
  done 2>/dev/null <"/proc/$p/status" || true
  while read -r k v rest; do
    [ "$k" = Pss: ] && pss="$v"
  done 2>/dev/null <"/proc/$p/smaps_rollup" || true
}
target_pid=""
gen_pid=""
cleanup() {
  [ -n "$gen_pid" ] && kill "$gen_pid" 2>/dev/null || true
  [ -n "$target_pid" ] && kill "$target_pid" 2>/dev/null || true
}
trap cleanup EXIT

start_target() {
  node "$here/target.mjs" "$PORT" >"$OUT/target-$1.log" 2>&1 &
  target_pid=$!
  for _ in $(seq 100); do # it says when it listens; if the port is taken it exits
    grep -q '^side-by-side target on' "$OUT/target-$1.log" && return 0
    kill -0 "$target_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "run.sh: the target did not start on port $PORT, taken or refused (see $OUT/target-$1.log); set PORT" >&2
  exit 3
}

# Samples the load generator every second until it exits; writes OUT/<tool>.result (key=value lines).
measure() {
  local tool="$1" pid="$2" t0=0 now cpu=0 rss=0 peak_rss=0 pss=0 peak_pss=0 thr=0 peak_thr=0 s req=0
  local hold_from=0 hold_to=0 cpu_a="" cpu_b="" req_a="" req_b="" at_a=0 at_b=0 start; printf -v start '%(%s)T' -1
  local cpu_first=0 cpu_last=0 req_last=0
  while sample "$pid"; do
    printf -v now '%(%s)T' -1
    (( rss > peak_rss )) && peak_rss="$rss"
    (( pss > peak_pss )) && peak_pss="$pss"
    (( thr > peak_thr )) && peak_thr="$thr"
    poll # a busy target may miss one: the last count stays
    [[ "$STATS" =~ \"requests\":([0-9]+) ]] && req="${BASH_REMATCH[1]}"
    if (( t0 == 0 && req > 0 )); then
      t0="$now"; hold_from=$(( t0 + RAMP + 3 )); hold_to=$(( t0 + RAMP + HOLD - 3 )); cpu_first="$cpu"
    fi
    (( req > req_last )) && { req_last="$req"; cpu_last="$cpu"; } # the load: first to last request sent
    if (( t0 > 0 )); then
      [ -z "$cpu_a" ] && (( now >= hold_from )) && { cpu_a="$cpu"; req_a="$req"; at_a="$now"; }
      [ -z "$cpu_b" ] && (( now >= hold_to )) && { cpu_b="$cpu"; req_b="$req"; at_b="$now"; }
    fi
    echo "$now $cpu $rss $pss $thr $req" >>"$OUT/$tool.samples"
    pause_1s
  done
  wait "$pid" && rc=0 || rc=$?
  for _ in 1 2 3; do s="$(stats)"; [ -n "$(field completed "$s")" ] && break; sleep 1; done
  {
    echo "exit=$rc"
    echo "wall_s=$(( $(printf '%(%s)T' -1) - start ))"
    echo "cpu_ms=$(( cpu * 1000 / tick ))"
    echo "requests=$(field completed "$s")"
    echo "failed=$(field failed "$s")"
    echo "bytes_in=$(field bytesIn "$s")"
    echo "connections=$(field connections "$s")"
    echo "load_cpu_ms=$(( (cpu_last - cpu_first) * 1000 / tick ))"
    echo "load_requests=$req_last"
    echo "hold_cpu_ms=$(( (${cpu_b:-0} - ${cpu_a:-0}) * 1000 / tick ))"
    echo "hold_requests=$(( ${req_b:-0} - ${req_a:-0} ))"
    echo "hold_window_s=$(( at_b - at_a ))"
    echo "peak_rss_mb=$(( peak_rss / 1024 ))"
    echo "peak_pss_mb=$(( peak_pss / 1024 ))"
    echo "peak_threads=$peak_thr"
  } >"$OUT/$tool.result"
  [ -n "$cpu_b" ] || echo "run.sh: $tool ended before its hold did: its hold figures are empty" >&2
}

run_gatling() {
  echo "== Gatling 3.15.1: $N users, ramp $RAMP s, hold $HOLD s, $TURNS turns, pause $PAUSE_MS ms" >&2
  "${MVN[@]}" -f "$here/gatling/pom.xml" compile dependency:build-classpath \
      -Dmdep.outputFile="$here/gatling/target/classpath.txt" >&2
  start_target gatling
  # shellcheck disable=SC2086
  java $GATLING_JAVA_OPTS -Dtarget="http://127.0.0.1:$PORT" -Dusers="$N" -Dramp="$RAMP" -Dhold="$HOLD" \
      -Dturns="$TURNS" -DpauseMs="$PAUSE_MS" \
      -cp "$here/gatling/target/classes:$(cat "$here/gatling/target/classpath.txt")" io.gatling.app.Gatling \
      --simulation io.callstorm.sidebyside.VoiceCallSimulation --results-folder "$OUT/gatling-results" \
      >"$OUT/gatling.log" 2>&1 &
  gen_pid=$!
  measure gatling "$gen_pid"
  gen_pid=""
  kill "$target_pid"; wait "$target_pid" 2>/dev/null || true; target_pid=""
}

run_callstorm() {
  echo "== Callstorm: $N calls, ramp $RAMP s, hold $HOLD s, time scale $TIME_SCALE" >&2
  "$repo/callstorm" --version >/dev/null # builds the jar now if it is stale, so the build is not measured
  cat >"$OUT/callstorm.yaml" <<EOF
# Written by benchmarks/side-by-side/run.sh: the profile of its Gatling simulation, against its target.
name: side-by-side
seed: 1
timeScale: $TIME_SCALE
# Callers who wait up to 30 s for a reply (the turn timeout; Gatling's requests wait 60 s): on a busy machine a late
# reply must not end calls early on one side only (an early hang-up is a new call, a new connection).
personas:
  - {id: caller-a, base: first-time-caller, patience: 30s}
  - {id: caller-b, base: polite-escalator, patience: 30s}
  - {id: caller-c, base: information-gatherer, patience: 30s}
  - {id: caller-d, base: chatty, patience: 30s}
load:
  model: closed
  start: 0
  stages:
    - rampTo: $N
      duration: ${RAMP}s
    - hold: ${HOLD}s
agent:
  connector:
    kind: http
    url: http://127.0.0.1:$PORT/v1
    firstAudioTimeout: 30s
out: callstorm-out
EOF
  start_target callstorm
  if [ "${CALLSTORM_JFR:-0}" = 1 ]; then # JAVA_OPTS is added to the launcher's options
    export JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$OUT/callstorm.jfr,settings=profile"
  fi
  "$repo/callstorm" run "$OUT/callstorm.yaml" --no-progress >"$OUT/callstorm.log" 2>&1 &
  gen_pid=$!
  measure callstorm "$gen_pid"
  gen_pid=""
  kill "$target_pid"; wait "$target_pid" 2>/dev/null || true; target_pid=""
}

IFS=, read -r -a tools <<<"$TOOLS"
for t in "${tools[@]}"; do
  case "$t" in
    gatling) run_gatling ;;
    callstorm) run_callstorm ;;
    *) echo "run.sh: TOOLS names gatling and callstorm, got '$t'" >&2; exit 2 ;;
  esac
done

# The table: one column per tool, and Callstorm / Gatling where both ran.
awk -v out="$OUT" -v n="$N" -v ramp="$RAMP" -v hold="$HOLD" -v tools="$TOOLS" '
  function load(tool,   f, line, kv) {
    f = out "/" tool ".result"
    while ((getline line < f) > 0) { split(line, kv, "="); v[tool, kv[1]] = kv[2] }
    close(f)
  }
  function per(a, b) { return (a != "" && b > 0) ? sprintf("%.3f", a / b) : "-" }
  function ratio(a, b) { return (a != "" && b != "" && a != "-" && b != "-" && b > 0) ? sprintf("%.2f", a / b) : "-" }
  function row(name, g, c) {
    printf "| %-36s | %12s | %12s | %8s |\n", name, g, c, ratio(c, g)
  }
  BEGIN {
    load("gatling"); load("callstorm")
    printf "\nSide by side: N=%d, ramp %d s, hold %d s (%s)\n\n", n, ramp, hold, out
    printf "| %-36s | %12s | %12s | %8s |\n", "figure", "Gatling", "Callstorm", "C / G"
    printf "| %-36s | %12s | %12s | %8s |\n", "---", "---:", "---:", "---:"
    row("exit status", v["gatling","exit"], v["callstorm","exit"])
    row("wall time (s)", v["gatling","wall_s"], v["callstorm","wall_s"])
    row("requests (target)", v["gatling","requests"], v["callstorm","requests"])
    row("requests refused by the target", v["gatling","failed"], v["callstorm","failed"])
    row("request bytes per request", per(v["gatling","bytes_in"], v["gatling","requests"]),
        per(v["callstorm","bytes_in"], v["callstorm","requests"]))
    row("CPU (s), whole run", per(v["gatling","cpu_ms"], 1000), per(v["callstorm","cpu_ms"], 1000))
    row("CPU-ms per request, whole run", per(v["gatling","cpu_ms"], v["gatling","requests"]),
        per(v["callstorm","cpu_ms"], v["callstorm","requests"]))
    row("CPU-ms per request, first to last", per(v["gatling","load_cpu_ms"], v["gatling","load_requests"]),
        per(v["callstorm","load_cpu_ms"], v["callstorm","load_requests"]))
    row("requests in the hold window", v["gatling","hold_requests"], v["callstorm","hold_requests"])
    row("CPU-ms per request, hold", per(v["gatling","hold_cpu_ms"], v["gatling","hold_requests"]),
        per(v["callstorm","hold_cpu_ms"], v["callstorm","hold_requests"]))
    row("cores busy in the hold", per(v["gatling","hold_cpu_ms"], v["gatling","hold_window_s"] * 1000),
        per(v["callstorm","hold_cpu_ms"], v["callstorm","hold_window_s"] * 1000))
    row("peak RSS (MB)", v["gatling","peak_rss_mb"], v["callstorm","peak_rss_mb"])
    row("peak PSS (MB)", v["gatling","peak_pss_mb"], v["callstorm","peak_pss_mb"])
    row("peak threads", v["gatling","peak_threads"], v["callstorm","peak_threads"])
  }' | tee "$OUT/table.md"
