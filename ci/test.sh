#!/usr/bin/env bash
# The full test suite (`make test`): each stage timed; the first failure stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -a summary=()
stage() {
  local name=$1; shift
  echo "=== stage: $name"
  local t0=$SECONDS
  "$@"
  summary+=("$(printf '%-16s %5d s' "$name" $((SECONDS - t0)))")
}
trap 'printf "%s\n" "=== stage wall times" "${summary[@]}"' EXIT
stage lint         make --no-print-directory lint
stage model-tests  make --no-print-directory test-model
stage sim-verilator make --no-print-directory sim SIM=verilator
stage sim-icarus   make --no-print-directory sim SIM=icarus
stage synth        make --no-print-directory synth
