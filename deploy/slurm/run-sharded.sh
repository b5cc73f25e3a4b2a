#!/bin/bash
# Runs a Fulcrum command as N shards of a Slurm job array and merges them: the output is
# byte for byte what `fulcrum COMMAND ...` prints on one machine.
#
#   deploy/slurm/run-sharded.sh -n N -d RUNDIR [-f FORMAT] [-o OUTPUT] [-r RETRIES] -- COMMAND SCENARIO [OPTIONS...]
#
# RUNDIR must be on a filesystem every node sees; run this where the scenario's relative
# path resolves, on a node that can submit jobs. Each stage is one job array, waited for
# with `sbatch --wait`; shards that failed (no part written) are resubmitted alone, up to
# RETRIES times (default 2), before the merge. A command whose later pass needs an earlier
# one's total (voi, say) takes more than one stage. Extra sbatch options go in
# FULCRUM_SBATCH_OPTIONS (a partition, an account, a time limit).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards="" directory="" format=table output="" retries=2
while getopts "n:d:f:o:r:" option; do
    case $option in
        n) shards=$OPTARG ;; d) directory=$OPTARG ;; f) format=$OPTARG ;; o) output=$OPTARG ;; r) retries=$OPTARG ;;
        *) echo "usage: $0 -n N -d RUNDIR [-f FORMAT] [-o OUTPUT] [-r RETRIES] -- COMMAND SCENARIO [OPTIONS...]" >&2; exit 64 ;;
    esac
done
shift $((OPTIND - 1))
if [ -z "$shards" ] || [ -z "$directory" ] || [ $# -lt 2 ]; then
    echo "usage: $0 -n N -d RUNDIR [-f FORMAT] [-o OUTPUT] [-r RETRIES] -- COMMAND SCENARIO [OPTIONS...]" >&2
    exit 64
fi
fulcrum=${FULCRUM:-fulcrum}
mkdir -p "$directory/logs"
directory=$(cd "$directory" && pwd)
after=""
stage=1
while true; do
    parts="$directory/stage-$stage"
    mkdir -p "$parts"
    indices="1-$shards"
    for attempt in $(seq 0 "$retries"); do
        # A failed task makes sbatch --wait exit non-zero; the parts on disk say which.
        FULCRUM="$fulcrum" FULCRUM_SHARDS="$shards" FULCRUM_PARTS="$parts" FULCRUM_AFTER="$after" \
            sbatch --wait --quiet --array="$indices" --chdir="$PWD" --export=ALL \
            --output="$directory/logs/stage-$stage-%A_%a.log" ${FULCRUM_SBATCH_OPTIONS:-} \
            "$here/fulcrum-shard.sbatch" "$@" || true
        missing=()
        for index in $(seq 1 "$shards"); do
            [ -s "$parts/part-$index" ] || missing+=("$index")
        done
        [ ${#missing[@]} -eq 0 ] && break
        indices=$(IFS=,; echo "${missing[*]}")
        echo "stage $stage: shard(s) $indices failed$( [ "$attempt" -lt "$retries" ] && echo "; resubmitting them alone")" >&2
    done
    if [ ${#missing[@]} -ne 0 ]; then
        echo "stage $stage: shard(s) $indices still failing after $retries retries; see $directory/logs" >&2
        exit 1
    fi
    next="$directory/stage-$stage.merged"
    rm -f "$next"
    "$fulcrum" merge "$parts"/part-* --format "$format" ${output:+--output "$output"} --stage "$next"
    [ -f "$next" ] || break
    after=$next
    stage=$((stage + 1))
done
