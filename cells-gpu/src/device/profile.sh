#!/usr/bin/env bash
# Where the GPU time of one shape goes, per kernel, with Nsight Compute (on the GPU machine; see device-check.sh for
# the setup): the first LAUNCHES kernel launches of the benchmark (its first passes through the RecurrentCell API)
# timed one by one, summed by kernel name and grid. Usage: bash cells-gpu/src/device/profile.sh [KIND,N,H,T ...]
set -u
OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT"
cd "$(dirname "$0")/../../.."
shapes=("$@"); [ ${#shapes[@]} -gt 0 ] || shapes=(lstm,64,1024,25)
ncu=$(command -v ncu || ls /usr/local/cuda/bin/ncu 2>/dev/null | head -1)
if [ -z "$ncu" ]; then
  echo "no ncu on this machine"; exit 3
fi
for s in "${shapes[@]}"; do
  name=$(echo "$s" | tr ',' '_')
  timeout 200 "$ncu" --launch-count "${LAUNCHES:-300}" --metrics gpu__time_duration.sum,launch__grid_size --csv --page raw \
      java --add-modules jdk.incubator.vector -cp ".device/lib/*" org.rnnlab.gpu.bench.CudaCellBenchmark \
      --shape "$s" --reps 1 --warmup 0 > "$OUT/$name.ncu.csv" 2> "$OUT/$name.ncu.err"
  echo "== $s (ncu exit $?)"
  python3 - "$OUT/$name.ncu.csv" <<'PY'
import csv, sys, collections
lines = [l for l in open(sys.argv[1]) if l.startswith('"')]
rows = list(csv.reader(lines))
if not rows:
    print("no ncu rows"); sys.exit()
cols = rows[0]
data = [dict(zip(cols, r)) for r in rows[2:]]
agg = collections.defaultdict(lambda: [0.0, 0])
for d in data:
    key = (d["Kernel Name"].split("(")[0], d.get("launch__grid_size", "?"))
    t = float(d["gpu__time_duration.sum"].replace(",", ""))
    agg[key][0] += t
    agg[key][1] += 1
total = sum(v[0] for v in agg.values())
print("%d kernels, %.3f ms of GPU time (units as ncu reports: see the csv)" % (len(data), total / 1e6 if total > 1e5 else total))
for (k, g), (t, n) in sorted(agg.items(), key=lambda kv: -kv[1][0])[:20]:
    print("%5.1f%%  %5d calls  grid %6s  avg %10.1f  %s" % (100 * t / total, n, g, t / n, k))
PY
done
