"""Joins rnnlab.json (CudaCellBenchmark) and cudnn.json (cudnn_bench.py) into a Markdown table of ratios.

rnnlab / cuDNN > 1 means rnnlab is slower. Usage: python3 summarize.py OUT_DIR > OUT_DIR/bench.md
"""
import json
import os
import sys


def load(path):
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


def main():
    out = sys.argv[1]
    ours = load(os.path.join(out, "rnnlab.json"))
    peer = {(r["kind"], r["batch"], r["hidden"], r["steps"]): r for r in load(os.path.join(out, "cudnn.json"))}
    print("| cell | N | H | T | rnnlab fwd ms | cuDNN fp32 fwd ms | rnnlab train ms | cuDNN fp32 train ms "
          "| rnnlab ÷ cuDNN fp32 (train) | cuDNN tf32 train ms | rnnlab ÷ cuDNN tf32 (train) | rnnlab direct-launch train ms "
          "| rnnlab API train ms | API, weights written | GFLOP/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in ours:
        p = peer.get((r["kind"], r["batch"], r["hidden"], r["steps"]))
        def ratio(key):
            return "%.2f" % (r["train_ms"] / p[key]) if p else "—"
        def val(key):
            return "%.3f" % p[key] if p else "—"
        print("| %s | %d | %d | %d | %.3f | %s | %.3f | %s | %s | %s | %s | %.3f | %.3f | %.3f | %.0f |" % (
            r["kind"], r["batch"], r["hidden"], r["steps"], r["forward_ms"], val("fp32_forward_ms"), r["train_ms"],
            val("fp32_train_ms"), ratio("fp32_train_ms"), val("tf32_train_ms"), ratio("tf32_train_ms"),
            r.get("direct_train_ms", float("nan")), r["api_train_ms"], r.get("api_written_train_ms", float("nan")),
            r["train_gflops"]))


if __name__ == "__main__":
    main()
