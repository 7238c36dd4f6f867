package org.rnnlab.experiments.bench;

import java.util.Arrays;

/**
 * The short harness behind {@code ./rnnlab bench} (the JMH suite is for careful runs): warm up for at least 10 calls
 * and 1 s (so the JIT has compiled the Vector API kernels), then time single calls until both 5 calls and 0.5 s are
 * done (at most 50 calls), and report the median.
 */
public final class QuickBench {
    private QuickBench() {
    }

    /** Median milliseconds of {@code forwardBackward} for a prepared shape. */
    public static double medianMillis(Engine.Prepared p) {
        double sink = 0;
        long warm = System.nanoTime();
        for (int i = 0; i < 10 || System.nanoTime() - warm < 1_000_000_000L; i++) {
            sink += p.forwardBackward();
        }
        double[] times = new double[50];
        int n = 0;
        long total = 0;
        while (n < times.length && (n < 5 || total < 500_000_000L)) {
            long t0 = System.nanoTime();
            sink += p.forwardBackward();
            long dt = System.nanoTime() - t0;
            times[n++] = dt / 1e6;
            total += dt;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a benchmark produced NaN");
        }
        double[] t = Arrays.copyOf(times, n);
        Arrays.sort(t);
        return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
    }
}
