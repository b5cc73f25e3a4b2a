#!/bin/bash
# Runs a Fulcrum command as N shards of a Kubernetes Indexed Job, one Job per stage, and
# merges each stage with a Job on the same volume. The result is /runs/RUN/result.FORMAT on
# the volume: byte for byte what `fulcrum COMMAND ...` prints on one machine.
#
#   deploy/kubernetes/run-sharded.sh -n N -r RUN -i IMAGE -c CONFIGMAP -v PVC [-f FORMAT] -- COMMAND SCENARIO [OPTIONS...]
#
# IMAGE has `fulcrum` on its PATH; CONFIGMAP holds the scenario (and any features_from
# table), mounted at /work, so SCENARIO is a name in it; PVC is a ReadWriteMany volume for
# the parts. Needs kubectl and envsubst (gettext-base).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage="usage: $0 -n N -r RUN -i IMAGE -c CONFIGMAP -v PVC [-f FORMAT] -- COMMAND SCENARIO [OPTIONS...]"
SHARDS="" RUN="" IMAGE="" SCENARIOS="" VOLUME="" FORMAT=json
while getopts "n:r:i:c:v:f:" option; do
    case $option in
        n) SHARDS=$OPTARG ;; r) RUN=$OPTARG ;; i) IMAGE=$OPTARG ;; c) SCENARIOS=$OPTARG ;; v) VOLUME=$OPTARG ;; f) FORMAT=$OPTARG ;;
        *) echo "$usage" >&2; exit 64 ;;
    esac
done
shift $((OPTIND - 1))
if [ -z "$SHARDS" ] || [ -z "$RUN" ] || [ -z "$IMAGE" ] || [ -z "$SCENARIOS" ] || [ -z "$VOLUME" ] || [ $# -lt 2 ]; then
    echo "$usage" >&2
    exit 64
fi
# Each argument in single quotes for the pods' /bin/sh (a ' becomes '\''). bash's printf %q
# writes $'...' for some bytes (any non-ASCII one in the C locale), which a POSIX sh reads
# as something else. Control characters cannot stand in the manifest's YAML: refused.
ARGUMENTS=""
for argument in "$@"; do
    if [[ $argument == *[[:cntrl:]]* ]]; then
        echo "$0: an argument holds a tab, line break or other control character, which a Job manifest cannot carry: $(printf %q "$argument")" >&2
        exit 64
    fi
    ARGUMENTS+="'${argument//\'/\'\\\'\'}' "
done
AFTER=""
STAGE=1
export SHARDS RUN IMAGE SCENARIOS VOLUME FORMAT ARGUMENTS AFTER STAGE
fields='${SHARDS} ${RUN} ${IMAGE} ${SCENARIOS} ${VOLUME} ${FORMAT} ${ARGUMENTS} ${AFTER} ${STAGE}'
while true; do
    envsubst "$fields" < "$here/fulcrum-shards.yaml" | kubectl apply -f -
    kubectl wait --for=condition=complete --timeout=24h "job/$RUN-stage-$STAGE"
    envsubst "$fields" < "$here/fulcrum-merge.yaml" | kubectl apply -f -
    kubectl wait --for=condition=complete --timeout=1h "job/$RUN-merge-$STAGE"
    [ "$(kubectl logs "job/$RUN-merge-$STAGE" | tail -n 1)" = "next stage" ] || break
    AFTER="--after /runs/$RUN/stage-$STAGE.merged"
    STAGE=$((STAGE + 1))
done
echo "result: /runs/$RUN/result.$FORMAT on volume $VOLUME"
