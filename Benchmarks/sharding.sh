#!/bin/bash
# A sharded rank against the same run in one process: the time of each shard (one thread
# each, run one after another, as N machines would run them side by side), the merge, the
# part sizes, and a byte comparison of the outputs.
#   Benchmarks/sharding.sh [SAMPLES] [SHARDS]   (defaults 10000000 and 4)
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-10000000} shards=${2:-4}
fulcrum=.build/release/fulcrum scenario=scenarios/subscription-app.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/time -f "one process, 1 thread: %e s, %M KB" "$fulcrum" rank "$scenario" --samples "$samples" --threads 1 --format json > "$work/one.json"
for i in $(seq 1 "$shards"); do
    /usr/bin/time -f "shard $i/$shards, 1 thread: %e s, %M KB" "$fulcrum" rank "$scenario" --samples "$samples" --threads 1 \
        --shard "$i/$shards" --output "$work/part-$i" 2>&1 | grep "^shard"
done
du -b "$work"/part-* | awk '{ printf "part %s: %d bytes\n", $2, $1 }' | sed "s|$work/||"
/usr/bin/time -f "merge: %e s, %M KB" "$fulcrum" merge "$work"/part-* --format json > "$work/merged.json"
cmp -s "$work/one.json" "$work/merged.json" && echo "merged output: byte-identical to one process"
