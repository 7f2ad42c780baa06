#!/bin/bash
# Side-by-side, whole process, same tree, one run. Load average noted before each step.
T=${1:-/tmp/sec-tree}
NEW=${NEW:-$PWD/tests/bench/SecretScanBench/bin/Release/net10.0/SecretScanBench.dll}
BASE=${BASE:-}
F="wall %e s, user %U s, sys %S s, maxrss %M KB"
echo "tree: $(du -sb $T | cut -f1) bytes, $(find $T -type f | wc -l) files"
# STEPS: the order of runs, e.g. STEPS="base new secretlint new base" with BASE=<an older build's SecretScanBench.dll>.
for step in ${STEPS:-new secretlint new}; do
  echo "== $step  $(uptime)"
  case $step in
    new)  /usr/bin/time -f "$F" dotnet $NEW scan $T 1 2>&1 | tail -3 ;;
    base) /usr/bin/time -f "$F" dotnet $BASE scan $T 1 2>&1 | tail -3 ;;
    secretlint) cd ${SECRETLINT_DIR:-/tmp/secretlint} && /usr/bin/time -f "$F" npx secretlint --secretlintrc .secretlintrc.json --format compact --no-color "$T/**/*" > /tmp/secretlint-tree.txt 2>/tmp/secretlint-tree.err; tail -1 /tmp/secretlint-tree.err; echo "secretlint findings: $(grep -c . /tmp/secretlint-tree.txt)";;
  esac
done
echo "== done $(uptime)"
