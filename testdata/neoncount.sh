#!/usr/bin/env bash
# Counts the arm64 instructions that one training step executes per
# element, Forward (y and y') and Backward, for each layer with NEON
# kernels: with them, and with -tags noasm (the Go loops the compiler
# emits for arm64). qemu-user runs neoncount one instruction at a time and
# logs each (-singlestep -d exec,nochain); the instructions of the
# library's own functions (not the runtime's, whose allocator and
# collector come and go) are counted between the calls of mark. A step on 16 rows less one on 8, over the 512
# elements between, leaves out what a step costs whatever its size. Run
# from the repository's root:
# bash testdata/neoncount.sh (needs qemu-user-static).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for path in neon go; do
  tags=""
  [ $path = go ] && tags="-tags noasm"
  GOWORK=off GOARCH=arm64 go build $tags -o "$dir/$path" ./testdata/neoncount
  markpc=$(go tool nm "$dir/$path" | awk '$3 == "main.mark" {print $1}')
  mkfifo "$dir/log.$path"
  GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 GOGC=off qemu-aarch64-static -singlestep -d exec,nochain -D "$dir/log.$path" "$dir/$path" >"$dir/names.$path" &
  # Lines: "Trace <cpu>: <host> [<flags>/<pc>/...] <symbol>"; each mark
  # opens or closes a region. With one P, one thread at a time runs Go
  # code, the helpers' included.
  awk -v mark="$markpc" '
    /^Trace/ {
      split($4, f, "/"); pc = f[2]; sub(/^0+/, "", pc)
      if (pc == mark) {
        if (open) print n
        open = !open; n = 0; next
      }
      if (open && $5 ~ /mpneuralnetwork\/activation\./) n++
    }' "$dir/log.$path" >"$dir/counts.$path"
  wait
done
# Four counts a layer: Forward and Backward on 8 rows, then on 16.
paste -d' ' <(cat "$dir/names.neon") <(paste -d' ' - - - - <"$dir/counts.neon") <(paste -d' ' - - - - <"$dir/counts.go") |
  awk -v n=$((8 * 64)) 'BEGIN { printf "%-16s %8s %8s %8s %8s\n", "per element", "Fwd NEON", "Fwd Go", "Bwd NEON", "Bwd Go" }
    { printf "%-16s %8.1f %8.1f %8.1f %8.1f\n", $1, ($4-$2)/n, ($8-$6)/n, ($5-$3)/n, ($9-$7)/n }'
