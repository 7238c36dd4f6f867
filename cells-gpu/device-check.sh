#!/usr/bin/env bash
# Everything the [gpu] issue must show on a GPU machine, in one run: environment, the cuda backend's tests (contract
# kit, cpu parity, bidirectional networks, PTX freshness) through JUnit's console launcher, the benchmark, PyTorch's
# cuDNN on the same shapes, and a summary. Writes under $OUT (default ./device-out).
#   Here:  mvn -B -DskipTests install && bash cells-gpu/pack-device.sh
#   There: export PATH=$PWD/.device/jre/bin:$PATH; bash cells-gpu/device-check.sh
set -u
OUT=${OUT:-$PWD/device-out}
mkdir -p "$OUT"
cd "$(dirname "$0")/.."
JAVA=(java --add-modules jdk.incubator.vector -Xmx16g)
CP=".device/lib/*:.device/test/*"
summary="$OUT/summary.md"
{
  echo "# cells-gpu device check, $(date -u +%FT%TZ)"
  echo '```'
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1
  (which java && java -version) 2>&1 | tr '\n' ' '; echo
  (which nvcc && nvcc --version | tail -1) 2>&1 | tr '\n' ' '; echo
  python3 -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version())" 2>&1
  echo '```'
} > "$summary"

echo "== tests" | tee -a "$summary"
timeout 150 "${JAVA[@]}" -cp "$CP" org.junit.platform.console.ConsoleLauncher execute \
    --scan-classpath .device/test/cells-gpu-0.1.0-SNAPSHOT-tests.jar --reports-dir "$OUT/junit" --details=summary --disable-banner \
    > "$OUT/tests.log" 2>&1
echo "tests exit code $?" | tee -a "$summary"
{
  echo '```'
  grep -E '^\[(cuda|contract|golden|parity|ptx|emulated)\]' "$OUT/tests.log" | grep -vE '^\[contract\]   ' | head -150
  grep -E 'tests (successful|failed|aborted|skipped|found)|containers failed' "$OUT/tests.log"
  echo '```'
} >> "$summary"
grep -B2 -A25 'Failures (' "$OUT/tests.log" | head -120 >> "$summary" || true

echo "== benchmark" | tee -a "$summary"
timeout 120 "${JAVA[@]}" -cp "$CP" org.rnnlab.gpu.bench.CudaCellBenchmark --json "$OUT/rnnlab.json" > "$OUT/bench.log" 2>&1
echo "rnnlab benchmark exit code $?" | tee -a "$summary"
timeout 120 python3 cells-gpu/src/device/cudnn_bench.py --shapes "$OUT/rnnlab.json" --out "$OUT/cudnn.json" > "$OUT/cudnn.log" 2>&1
echo "cuDNN benchmark exit code $?" | tee -a "$summary"
{
  echo '```'; head -3 "$OUT/bench.log"; head -1 "$OUT/cudnn.log"; echo '```'
  python3 cells-gpu/src/device/summarize.py "$OUT"
  tail -5 "$OUT/bench.log" | grep -iE 'error|exception' || true
} >> "$summary" 2>&1
cat "$summary"
