#!/bin/bash
# deploy/slurm/run-sharded.sh on a real one-node Slurm cluster, started here and stopped on
# exit: munged, slurmctld and slurmd from Debian's packages, on loopback, with their state,
# sockets and ports of their own. Checks that
#   - a two-stage run (voi) and a one-stage run (rank) merge to the bytes one process prints;
#   - a shard that fails is resubmitted alone, and its rerun completes the set.
# Usage: slurm-recipe-test.sh FULCRUM_BINARY. Needs root (munged and slurmd run as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
fulcrum=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
for tool in munged slurmctld slurmd sbatch; do
    command -v "$tool" >/dev/null || { echo "slurm-recipe-test: $tool is missing: 'make test' installs slurm-wlm and munge" >&2; exit 1; }
done
work=$(mktemp -d /tmp/fulcrum-slurm.XXXXXX)
chmod 700 "$work"
stop() {
    for daemon in slurmd slurmctld munged; do
        if [ -f "$work/$daemon.pid" ]; then kill "$(cat "$work/$daemon.pid")" 2>/dev/null || true; fi
    done
    sleep 1
    rm -rf "$work"
}
trap stop EXIT

# munge, with its own key and socket.
mkdir -p "$work/munge"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --force --key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munged.pid" \
    --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
munge -n --socket="$socket" | unmunge --socket="$socket" >/dev/null

# slurmctld and slurmd, on loopback ports unlikely to be taken.
host=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=fulcrumtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = "idle" ] && break
    sleep 0.5
done
[ "$(sinfo -h -o %T)" = "idle" ] || { echo "the Slurm node did not come up:" >&2; tail -20 "$work/slurmctld.log" "$work/slurmd.log" >&2; exit 1; }

cd "$root"
check() { # NAME EXPECTED ACTUAL
    if cmp -s "$2" "$3"; then echo "ok: $1"; else echo "FAILED: $1 differs from one process's output" >&2; diff "$2" "$3" | head -20 >&2; exit 1; fi
}

# A two-stage run: voi's second pass needs the first's totals.
"$fulcrum" voi scenarios/online-store.yaml --samples 20000 --format json > "$work/voi-one.json"
FULCRUM="$fulcrum" deploy/slurm/run-sharded.sh -n 3 -d "$work/voi" -f json -o "$work/voi-sharded.json" -- \
    voi scenarios/online-store.yaml --samples 20000
[ -f "$work/voi/stage-2/part-3" ] || { echo "FAILED: voi did not run a second stage" >&2; exit 1; }
check "voi in 3 shards over 2 stages" "$work/voi-one.json" "$work/voi-sharded.json"

# A shard that fails once (a node lost, say): only it is resubmitted.
cat > "$work/flaky-fulcrum" <<FLAKY
#!/bin/bash
if [ "\${SLURM_ARRAY_TASK_ID:-}" = 2 ] && mkdir "$work/failed-once" 2>/dev/null; then
    echo "shard 2 fails on its first attempt" >&2
    exit 1
fi
exec "$fulcrum" "\$@"
FLAKY
chmod +x "$work/flaky-fulcrum"
"$fulcrum" rank scenarios/subscription-app.yaml --samples 30000 --format json > "$work/rank-one.json"
FULCRUM="$work/flaky-fulcrum" deploy/slurm/run-sharded.sh -n 3 -d "$work/rank" -f json -o "$work/rank-sharded.json" -- \
    rank scenarios/subscription-app.yaml --samples 30000 2> "$work/rank.log" || { cat "$work/rank.log" >&2; exit 1; }
grep -q "stage 1: shard(s) 2 failed; resubmitting them alone" "$work/rank.log" || { echo "FAILED: the failed shard was not resubmitted alone" >&2; cat "$work/rank.log" >&2; exit 1; }
check "rank in 3 shards, shard 2 rerun alone" "$work/rank-one.json" "$work/rank-sharded.json"
echo "slurm recipe: all checks passed"
