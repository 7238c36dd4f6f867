"""PyTorch cuDNN peer of CudaCellBenchmark: the same shapes, timed the same way.

For each shape of rnnlab's JSON lines (kind, batch, hidden = input, steps): median over --reps runs, after --warmup,
of the forward and of forward + backward (output.backward(grad)) of torch.nn.LSTM/GRU/RNN on the GPU in float32,
data already on the device, one torch.cuda.synchronize() per run. Twice: strict FP32
(torch.backends.cudnn.allow_tf32 = False, the same arithmetic as rnnlab) and PyTorch's default (TF32 tensor cores
allowed). Usage: python3 cudnn_bench.py --shapes rnnlab.json --out cudnn.json
"""
import argparse
import json
import statistics
import time

import torch


def time_shape(kind, batch, hidden, steps, warmup, reps):
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind]
    torch.manual_seed(1)
    net = cls(hidden, hidden).cuda()
    x = torch.randn(steps, batch, hidden, device="cuda", requires_grad=True)
    gy = torch.randn(steps, batch, hidden, device="cuda")
    fwd, train = [], []
    for i in range(warmup + reps):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        net(x)
        torch.cuda.synchronize()
        t1 = time.perf_counter()
        out, _ = net(x)
        out.backward(gy)
        torch.cuda.synchronize()
        t2 = time.perf_counter()
        if i >= warmup:
            fwd.append((t1 - t0) * 1e3)
            train.append((t2 - t1) * 1e3)
        net.zero_grad(set_to_none=True)
        x.grad = None
    return statistics.median(fwd), statistics.median(train)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    args = ap.parse_args()
    shapes = [json.loads(line) for line in open(args.shapes) if line.strip()]
    print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version(),
          torch.cuda.get_device_name(0))
    for s in shapes:  # one untimed round, as CudaCellBenchmark does
        time_shape(s["kind"], s["batch"], s["hidden"], s["steps"], 1, 1)
    results = []
    for s in shapes:
        row = {k: s[k] for k in ("kind", "batch", "hidden", "steps")}
        for mode, tf32 in (("fp32", False), ("tf32", True)):
            torch.backends.cudnn.allow_tf32 = tf32
            torch.backends.cuda.matmul.allow_tf32 = tf32
            f, t = time_shape(s["kind"], s["batch"], s["hidden"], s["steps"], args.warmup, args.reps)
            row[mode + "_forward_ms"] = f
            row[mode + "_train_ms"] = t
        print(json.dumps(row))
        results.append(row)
    with open(args.out, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
