#!/usr/bin/env bash
# The clinic booking sample end to end, no Java to write: serves the sample's clinic agent on 127.0.0.1:18080,
# load-tests it with the simulation file (default: simulation.yaml beside this script; its agent, personas and
# paths are in catalog/), stops the agent, and exits with callstorm's exit code (0 pass, 1 gate failed).
#
#   samples/simulations/booking/run.sh              # 400 concurrent calls, about 2.5 minutes
#   samples/simulations/booking/run.sh smoke.yaml   # the CI-size run, about 20 seconds
#   samples/simulations/booking/run.sh --no-progress # options after the file go to `callstorm run`
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
file="$here/simulation.yaml"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then   # a first argument that is not an option names the file
    file="$here/$1"
    shift
fi
cd "$root"
./callstorm --version >/dev/null                      # builds the CLI jar on the first run
if [ ! -d samples/target/classes/io/callstorm/samples/clinic ]; then
    ./mvnw -B -q -o compile -pl samples >/dev/null
fi
jar="$(ls cli/target/callstorm-cli-*-all.jar | head -1)"
java -cp "$jar:samples/target/classes" io.callstorm.samples.clinic.ClinicAgent --port 18080 &
agent=$!
trap 'kill $agent 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    if (exec 3<>/dev/tcp/127.0.0.1/18080) 2>/dev/null; then break; fi
    sleep 0.2
done
./callstorm run "$file" "$@"
