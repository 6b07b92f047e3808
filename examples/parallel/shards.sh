#!/usr/bin/env bash
# Thumbnails of a photo archive on several hosts with GNU parallel, one shard per host slot.
# The photos, the outputs and the reports must be at the same paths on every host (one shared
# file system: NFS, CephFS, …), and every host needs imgbatch on its PATH.
#
#   HOSTS=2/:,4/build1,4/build2 SHARDS=10 examples/parallel/shards.sh /srv/photos /srv/thumbs /srv/reports
#
# HOSTS is parallel's --sshlogin list (":" is this machine; "4/build1" gives build1 four slots);
# SHARDS is how many parts the work is split into (default 4). Each slot runs one shard at a time
# with -j 1, so give a host as many slots as it has cores.
set -euo pipefail
photos=$1 thumbs=$2 reports=$3
shards=${SHARDS:-4}
mkdir -p "$reports"
# Exit code 1 (some files failed; they are in the report) does not stop the others.
seq 1 "$shards" | parallel --sshlogin "${HOSTS:-:}" --halt never \
  "imgbatch thumbnail '$photos' -r -o '$thumbs' --size 300 -j 1 --shard {}/$shards --json > '$reports/shard-{}.ndjson' || [ \$? -eq 1 ]"
imgbatch merge "$reports"/shard-*.ndjson
