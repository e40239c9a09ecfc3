#!/usr/bin/env bash
# Runs bench/compare (see its doc comment) with Debian's python3-numpy and
# python3-torch, which it installs if they are missing. Arguments go to the
# command: -threads N, -float32.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c 'import numpy, torch' 2>/dev/null; then
  echo "installing python3-numpy and python3-torch from Debian..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-torch) >/dev/null
fi
GOWORK=off go run ./bench/compare -python /usr/bin/python3 "$@"
