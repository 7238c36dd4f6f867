#!/usr/bin/env bash
# The default sweep on the local engine and on Spark local[N], alternately, in one run: wall time of each and the
# ratio, and whether the two wrote the same results.csv (all but the seconds and host columns).
#   bash experiments-spark/compare-engines.sh [rounds=2] [master=local[2]] [extra ./rnnlab sweep options…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
master="${2:-local[2]}"
shift $(( $# > 2 ? 2 : $# ))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/rnnlab" backends > /dev/null 2>&1                          # build the core before timing
"$root/rnnlab" sweep --engine spark --help > /dev/null 2>&1       # and the Spark engine
strip() { # results.csv without the seconds and host columns, sorted
  python3 -c 'import csv,sys
r=list(csv.DictReader(open(sys.argv[1])))
for x in r: x.pop("seconds"); x.pop("host")
print("\n".join(sorted(",".join(x.values()) for x in r)))' "$1"
}
run() { # $1 label, rest: options; prints seconds
  local out="$work/$1-$RANDOM" start end
  start=$(date +%s.%N)
  "$root/rnnlab" sweep --out "$out" --no-progress "${@:2}" > "$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
  end=$(date +%s.%N)
  strip "$out/results.csv" > "$work/$1.rows"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}
printf '%-6s %12s %12s %8s\n' round 'local s' "spark s" ratio
for ((i = 1; i <= rounds; i++)); do
  l=$(run local "$@")
  s=$(run spark --engine spark --master "$master" "$@")
  printf '%-6s %12.1f %12.1f %8.2f\n' "$i" "$l" "$s" "$(awk -v a="$l" -v b="$s" 'BEGIN { print b / a }')"
  cmp -s "$work/local.rows" "$work/spark.rows" || { echo "results.csv differ between the engines" >&2; exit 1; }
done
echo "results.csv: the same rows on both engines (seconds and host aside)"
