#!/usr/bin/env bash
# The full test suite (`make test`): each stage timed, the first failure stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -a summary=()
stage() {
  local name=$1; shift
  echo "=== stage: $name"
  local t0=$SECONDS
  "$@"
  summary+=("$(printf '%-22s %5d s' "$name" $((SECONDS - t0)))")
}
trap 'printf "%s\n" "=== stage wall times" "${summary[@]}"' EXIT
stage model-tests make --no-print-directory test-model
