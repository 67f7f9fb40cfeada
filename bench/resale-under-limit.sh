#!/usr/bin/env bash
# Builds the resale project for one country inside a memory cgroup, so
# that the kernel limits the whole process to LIMIT: DuckDB, Node and the
# page cache they charge. Prints the wall time, the peak RSS and the
# cgroup's peak usage, to show whether a large landing zone builds within
# a fixed memory budget.
#
#   bench/resale-under-limit.sh VEHICLES LIMIT [COUNTRY [BUILD OPTION...]]
#   bench/resale-under-limit.sh 10000000 7G fr --threads 1
#
# The landing zone is generated under bench/.work/resale/landing-VEHICLES
# when missing (10,000,000 vehicles took 6.5 to 25 minutes on 2 cores,
# depending on the load). Needs root and a cgroup v1 memory controller at
# /sys/fs/cgroup/memory, or cgroup v2 with the memory controller enabled at
# /sys/fs/cgroup.
set -euo pipefail
usage="usage: bench/resale-under-limit.sh VEHICLES LIMIT [COUNTRY [BUILD OPTION...]]"
vehicles=${1:?$usage}
limit=${2:?$usage}
country=${3:-fr}
# Options for strata build, such as --threads 1.
build_options=("${@:4}")
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$repo/bench/.work/resale"
landing="$work/landing-$vehicles"
project="$work/project-under-limit"
reference_date=2026-10-01

if [ ! -d "$landing" ]; then
  echo "generating $vehicles vehicles in $landing"
  node --import tsx "$repo/scripts/generate-landing.ts" \
    "--vehicles=$vehicles" "--countries=$country" "--out=$landing" \
    "--reference-date=$reference_date" "--project-dir=$repo"
fi

rm -rf "$project"
mkdir -p "$project/tests"
for entry in strata.yml countries.yml sources.yml models macros seeds; do
  [ -e "$repo/$entry" ] && cp -r "$repo/$entry" "$project/"
done
cp -r "$repo/tests/data" "$project/tests/data"

# The cgroup this shell is in, and a child of it for the build.
if [ -d /sys/fs/cgroup/memory ]; then
  parent="/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' /proc/self/cgroup)"
  group="$parent/strata-under-limit-$$"
  mkdir "$group"
  echo "$limit" >"$group/memory.limit_in_bytes"
  peak_file="$group/memory.max_usage_in_bytes"
  events_file="$group/memory.failcnt"
elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  # NOTE: only the cgroup v1 branch above has run; this one is untested.
  parent="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)"
  group="$parent/strata-under-limit-$$"
  mkdir "$group"
  echo "$limit" >"$group/memory.max"
  peak_file="$group/memory.peak"
  events_file="$group/memory.events"
else
  echo "error: no cgroup memory controller found under /sys/fs/cgroup; run as root on a machine with cgroup v1 or v2" >&2
  exit 2
fi
# The group can only be removed once the build has left it.
trap 'rmdir "$group" 2>/dev/null || true' EXIT

vars="{\"landing_dir\":\"$landing\",\"reference_date\":\"$reference_date\"}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); limit $limit"
set +e
# The subshell moves itself into the group, then runs the build there.
(
  echo "$BASHPID" >"$group/cgroup.procs"
  exec /usr/bin/time -v node "$repo/bin/strata.js" build --quiet \
    --project-dir "$project" --country "$country" --vars "$vars" \
    "${build_options[@]}"
) >"$project/build.out" 2>"$project/time.txt"
status=$?
set -e
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "exit code: $status"
grep -E "Elapsed|Maximum resident|User time|System time" "$project/time.txt"
echo "cgroup peak bytes: $(cat "$peak_file")"
echo "cgroup limit events: $(tr '\n' ' ' <"$events_file")"
tail -3 "$project/build.out"
exit "$status"
