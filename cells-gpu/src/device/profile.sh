#!/usr/bin/env bash
# Where the GPU time of one shape goes, per kernel, with Nsight Systems (on the GPU machine; see device-check.sh for
# the setup). Usage: bash cells-gpu/src/device/profile.sh [KIND,N,H,T ...]   (default: lstm,64,1024,25)
set -u
OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT"
cd "$(dirname "$0")/../../.."
shapes=("$@"); [ ${#shapes[@]} -gt 0 ] || shapes=(lstm,64,1024,25)
nsys=$(command -v nsys || ls /usr/local/cuda/bin/nsys /opt/nvidia/nsight-systems/*/bin/nsys 2>/dev/null | head -1)
if [ -z "$nsys" ]; then
  echo "no nsys on this machine"; exit 3
fi
for s in "${shapes[@]}"; do
  name=$(echo "$s" | tr ',' '_')
  timeout 150 "$nsys" profile --trace=cuda --sample=none --cpuctxsw=none -o "$OUT/$name" --force-overwrite true \
      java --add-modules jdk.incubator.vector -cp ".device/lib/*" org.rnnlab.gpu.bench.CudaCellBenchmark \
      --shape "$s" --reps 10 --warmup 2 > "$OUT/$name.log" 2>&1
  "$nsys" stats --report cuda_gpu_kern_sum --format csv "$OUT/$name.nsys-rep" > "$OUT/$name.kernels.csv" 2>/dev/null
  echo "== $s"; grep -E "^ *[a-z]+ +[0-9]" "$OUT/$name.log" | head -3
  python3 - "$OUT/$name.kernels.csv" <<'PY'
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if r]
head = next(i for i, r in enumerate(rows) if r and r[0].startswith("Time"))
cols = rows[head]
for r in rows[head + 1:head + 16]:
    d = dict(zip(cols, r))
    print("%6s%%  %10.3f ms  %7s calls  %9.1f us avg  %s" % (d.get("Time (%)"), float(d.get("Total Time (ns)", 0)) / 1e6,
          d.get("Instances"), float(d.get("Avg (ns)", 0)) / 1e3, d.get("Name")[:60]))
PY
done
