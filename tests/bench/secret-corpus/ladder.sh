#!/bin/bash
# Fresh processes in rotation: ladder.sh N <dir>...  (each <dir> holds a SecretScanBench.dll build; the tree is
# ${TREE:-/tmp/sec-tree}). Prints per run: build, 1-min load before it, wall s, user s, sys s, peak RSS KB.
N=$1; shift
for r in $(seq $N); do
  for d in "$@"; do
    l=$(cut -d' ' -f1 /proc/loadavg)
    o=$(/usr/bin/time -f "%e %U %S %M" dotnet $d/SecretScanBench.dll scan ${TREE:-/tmp/sec-tree} 1 2>&1 >/dev/null | tail -1)
    echo "$(basename $d) $l $o"
  done
done
