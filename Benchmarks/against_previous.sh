#!/bin/bash
# Alternates the previous release and this one on the same commands; prints median seconds.
# Usage: Benchmarks/against_previous.sh OLD_BINARY NEW_BINARY (from the repository root).
OLD=${1:?previous binary}; NEW=${2:?this binary}
run() { local s=$(date +%s.%N); "$@" > /dev/null; local e=$(date +%s.%N); echo "$e - $s" | bc; }
for spec in "simulate scenarios/online-store.yaml --plan checkout_first --samples 1000000" \
            "rank scenarios/subscription-app.yaml --samples 1000000" \
            "compare scenarios/online-store.yaml --samples 1000000" \
            "optimize scenarios/online-store.yaml --samples 100000"; do
  o=(); n=()
  for r in 1 2 3 4 5; do o+=($(run $OLD $spec --threads 1)); n+=($(run $NEW $spec --threads 1)); done
  mo=$(printf "%s\n" "${o[@]}" | sort -n | sed -n 3p); mn=$(printf "%s\n" "${n[@]}" | sort -n | sed -n 3p)
  echo "$spec | old $mo s | new $mn s | new/old $(echo "scale=3; $mn / $mo" | bc)"
done
