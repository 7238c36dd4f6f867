package org.rnnlab.experiments.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The short harness behind {@code ./rnnlab bench} (the JMH suite is for careful runs): warm each engine up for at
 * least 10 calls and 1 s (so the JIT has compiled the Vector API kernels), then time single calls of the engines in
 * alternating blocks of 3 (after one untimed call each, for the cache) — so that a neighbour's load on a shared
 * machine hits both alike — until each has 6 calls and 0.5 s (at most 48 calls), and report each engine's median.
 */
public final class QuickBench {
    private static final int MAX_CALLS = 48;
    private static final int BLOCK = 3;

    private QuickBench() {
    }

    /** Median milliseconds of {@code forwardBackward} for a prepared shape. */
    public static double medianMillis(Engine.Prepared p) {
        return medianMillis(List.of(p))[0];
    }

    /** Median milliseconds of {@code forwardBackward} for each prepared engine, timed in alternation. */
    public static double[] medianMillis(List<Engine.Prepared> engines) {
        double sink = 0;
        for (Engine.Prepared p : engines) {
            long warm = System.nanoTime();
            for (int i = 0; i < 10 || System.nanoTime() - warm < 1_000_000_000L; i++) {
                sink += p.forwardBackward();
            }
        }
        int k = engines.size();
        double[][] times = new double[k][MAX_CALLS];
        long[] total = new long[k];
        int n = 0;
        while (n < MAX_CALLS && (n < 6 || Arrays.stream(total).min().orElse(0) < 500_000_000L)) {
            for (int e = 0; e < k; e++) {
                // A block per engine: one untimed call brings its weights back into cache after the other engine ran.
                sink += engines.get(e).forwardBackward();
                for (int b = 0; b < BLOCK; b++) {
                    long t0 = System.nanoTime();
                    sink += engines.get(e).forwardBackward();
                    long dt = System.nanoTime() - t0;
                    times[e][n + b] = dt / 1e6;
                    total[e] += dt;
                }
            }
            n += BLOCK;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a benchmark produced NaN");
        }
        double[] medians = new double[k];
        for (int e = 0; e < k; e++) {
            double[] t = Arrays.copyOf(times[e], n);
            Arrays.sort(t);
            medians[e] = n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
        }
        return medians;
    }
}
