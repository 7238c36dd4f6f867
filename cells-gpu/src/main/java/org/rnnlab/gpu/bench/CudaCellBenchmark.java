package org.rnnlab.gpu.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellKinds;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.gpu.CudaCellProvider;
import org.rnnlab.gpu.internal.CudaDevice;
import org.rnnlab.gpu.internal.GpuCell;
import org.rnnlab.gpu.internal.GpuSequenceKernel;

/**
 * Times the cuda cells on the GPU grid of the [gpu] issue, to be read next to PyTorch's cuDNN
 * ({@code cells-gpu/src/device/cudnn_bench.py}, same shapes) — the device check runs both and prints the ratios.
 *
 * <p>Per shape (kind, batch N, hidden H = input X, steps T): the median over {@code reps} runs, after {@code warmup}
 * runs (after one untimed round over the whole grid), of (1) the forward and (2) forward + backward through all T steps with the data already on the device, as
 * cuDNN is timed (launches, then one synchronize), as replayed CUDA graphs (the default) and (2') with every kernel
 * launched directly; (3) forward + backward through the {@code RecurrentCell} API, which adds the host copies of input,
 * output and every gradient (the weights stay on the device while no one writes them), and (3') the same with every
 * parameter marked written before each call, as an optimizer's step does, so that the weights are copied too. GFLOP/s
 * count the matrix products:
 * forward 2·G·H·(X+H)·N·T, training 3× that (G = 1, 3, 4 for rnn, gru, lstm).
 *
 * <p>Usage: {@code java -cp … org.rnnlab.gpu.bench.CudaCellBenchmark [--json FILE] [--reps R] [--warmup W]
 * [--shape KIND,N,H,T]…} (shapes replace the default grid; for profilers).
 */
public final class CudaCellBenchmark {
    /** One grid point. */
    record Shape(String kind, int batch, int hidden, int steps) {
    }

    /** One grid point's medians, in milliseconds. */
    record Timing(Shape shape, double forwardMs, double trainMs, double directTrainMs, double apiTrainMs, double apiWrittenTrainMs) {
        double trainGflops() {
            return 3 * forwardFlops(shape) / trainMs / 1e6;
        }
    }

    private CudaCellBenchmark() {
    }

    /** The grid: LSTM H 512 and 1024 at batch 64 and 1 to 4 (T 25, DeepBench); GRU and RNN at batch 64 and 1. */
    static List<Shape> grid() {
        List<Shape> out = new ArrayList<>();
        for (int h : new int[] {512, 1024}) {
            for (int n : new int[] {64, 1, 2, 3, 4}) {
                out.add(new Shape(CellKinds.LSTM, n, h, 25));
            }
        }
        for (String kind : List.of(CellKinds.GRU, CellKinds.RNN)) {
            for (int h : new int[] {512, 1024}) {
                for (int n : new int[] {64, 1}) {
                    out.add(new Shape(kind, n, h, 25));
                }
            }
        }
        return out;
    }

    /** Runs the grid; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Path json = null;
        int reps = 20;
        int warmup = 5;
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = Path.of(args[++i]);
                case "--shape" -> shapes.add(parseShape(args[++i]));
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument '" + args[i] + "'; known: --json FILE, --reps R, --warmup W, --shape KIND,N,H,T");
                    System.exit(2);
                }
            }
        }
        CudaCellProvider provider = new CudaCellProvider();
        var availability = provider.probe();
        if (!availability.available()) {
            System.err.println("cuda backend unavailable: " + availability.reason());
            System.exit(3);
        }
        PrintStream out = System.out;
        out.println("device: " + availability.reason());
        out.printf("%-5s %5s %5s %4s  %10s %10s %15s %12s %20s %9s%n", "cell", "N", "H", "T", "fwd ms", "train ms", "direct train ms",
                "api train ms", "api, weights written", "GFLOP/s");
        if (shapes.isEmpty()) {
            shapes = grid();
        }
        // One untimed round over the grid first: HotSpot compiles the launch path and the driver loads every kernel,
        // so the first shapes are not charged for it.
        for (Shape s : shapes) {
            time(provider, s, 1, 1);
        }
        List<String> lines = new ArrayList<>();
        for (Shape s : shapes) {
            Timing t = time(provider, s, warmup, reps);
            out.printf(Locale.ROOT, "%-5s %5d %5d %4d  %10.3f %10.3f %15.3f %12.3f %20.3f %9.0f%n", s.kind(), s.batch(), s.hidden(),
                    s.steps(), t.forwardMs(), t.trainMs(), t.directTrainMs(), t.apiTrainMs(), t.apiWrittenTrainMs(), t.trainGflops());
            lines.add(String.format(Locale.ROOT, "{\"kind\":\"%s\",\"batch\":%d,\"hidden\":%d,\"input\":%d,\"steps\":%d,"
                            + "\"forward_ms\":%.4f,\"train_ms\":%.4f,\"direct_train_ms\":%.4f,\"api_train_ms\":%.4f,"
                            + "\"api_written_train_ms\":%.4f,\"train_gflops\":%.1f}",
                    s.kind(), s.batch(), s.hidden(), s.hidden(), s.steps(), t.forwardMs(), t.trainMs(), t.directTrainMs(), t.apiTrainMs(),
                    t.apiWrittenTrainMs(), t.trainGflops()));
        }
        if (json != null) {
            Files.write(json, lines, StandardCharsets.UTF_8);
            out.println("wrote " + json);
        }
    }

    private static Shape parseShape(String text) {
        String[] p = text.split(",");
        if (p.length != 4 || !CellKinds.BUILT_IN.contains(p[0])) {
            System.err.println("--shape wants KIND,N,H,T with KIND one of " + CellKinds.BUILT_IN + ", got '" + text + "'");
            System.exit(2);
        }
        try {
            return new Shape(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        } catch (NumberFormatException e) {
            System.err.println("--shape wants integers N,H,T, got '" + text + "'");
            System.exit(2);
            return null;
        }
    }

    static Timing time(CudaCellProvider provider, Shape s, int warmup, int reps) {
        CellSpec spec = CellSpec.of(s.kind(), s.hidden(), s.hidden()).withPrecision(Precision.FLOAT32).withSeed(1);
        try (GpuCell cell = (GpuCell) provider.create(spec)) {
            Tensor x = random(new Random(2), s.steps(), s.batch(), s.hidden());
            Tensor gy = random(new Random(3), s.steps(), s.batch(), s.hidden());
            double[] api = new double[reps];
            double[] written = new double[reps];
            for (int i = -warmup; i < reps; i++) {
                long t0 = System.nanoTime();
                ForwardPass p = cell.forward(x, (State) null);
                cell.backward(p, Upstream.ofOutput(gy));
                long t1 = System.nanoTime();
                for (Tensor w : cell.parameters().asMap().values()) {
                    w.floatData(); // handed out for writing, as an optimizer's step would: the next pass copies it again
                }
                long t2 = System.nanoTime();
                p = cell.forward(x, (State) null);
                cell.backward(p, Upstream.ofOutput(gy));
                long t3 = System.nanoTime();
                if (i >= 0) {
                    api[i] = (t1 - t0) / 1e6;
                    written[i] = (t3 - t2) / 1e6;
                }
            }
            // The workspace now holds the input, initial state, weights, dOut and dState: time the device work alone.
            GpuSequenceKernel k = cell.kernel();
            CudaDevice device = CudaDevice.get();
            device.makeCurrent();
            double[] fwd = new double[reps];
            double[] train = new double[reps];
            double[] direct = new double[reps];
            for (int i = -warmup; i < reps; i++) {
                k.launchMode(GpuSequenceKernel.LaunchMode.GRAPH);
                device.synchronize();
                long t0 = System.nanoTime();
                k.forwardOnDevice();
                device.synchronize();
                long t1 = System.nanoTime();
                k.forwardOnDevice();
                k.backwardOnDevice(s.steps());
                device.synchronize();
                long t2 = System.nanoTime();
                k.launchMode(GpuSequenceKernel.LaunchMode.DIRECT);
                k.forwardOnDevice();
                k.backwardOnDevice(s.steps());
                device.synchronize();
                long t3 = System.nanoTime();
                if (i >= 0) {
                    fwd[i] = (t1 - t0) / 1e6;
                    train[i] = (t2 - t1) / 1e6;
                    direct[i] = (t3 - t2) / 1e6;
                }
            }
            k.launchMode(GpuSequenceKernel.LaunchMode.GRAPH);
            return new Timing(s, median(fwd), median(train), median(direct), median(api), median(written));
        }
    }

    static double forwardFlops(Shape s) {
        int gates = BuiltInKind.of(s.kind()).gates();
        return 2.0 * gates * s.hidden() * (2.0 * s.hidden()) * s.batch() * s.steps();
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static Tensor random(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.5);
        }
        return Tensor.wrap(v, shape);
    }
}
