package org.rnnlab.experiments.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The short harness behind {@code ./rnnlab bench} (the JMH suite is for careful runs): warm each engine up for at
 * least 10 calls and 1 s (so the JIT has compiled the Vector API kernels), then time single calls of the engines in
 * alternating blocks of 3 (after one untimed call each, for the cache) — so that a neighbour's load on a shared
 * machine hits both alike — until each has 6 calls and 0.5 s (at most 48 calls), and report each engine's median with
 * its quartiles: alternation cancels a slowdown that lasts the whole row, not one that comes and goes (a neighbour on
 * the host's other hyperthread, invisible to the guest's accounting), and that one shows as spread.
 */
public final class QuickBench {
    /**
     * The quartiles' distance over the median ({@link Timing#spread}) of an engine's calls above which they measured no
     * single speed: the bench marks such a row disturbed.
     */
    public static final double STEADY_SPREAD = 0.15;
    private static final int MAX_CALLS = 48;
    private static final int BLOCK = 3;

    private QuickBench() {
    }

    /**
     * One engine's calls: median and quartiles in milliseconds, over {@code calls} timed calls.
     *
     * @param median the median
     * @param lower  the lower quartile
     * @param upper  the upper quartile
     * @param calls  timed calls
     */
    public record Timing(double median, double lower, double upper, int calls) {
        /** The quartiles' distance over the median: under a few percent on a quiet machine. */
        public double spread() {
            return (upper - lower) / median;
        }

        /** Quartiles of sorted values by linear interpolation; the median of an even count is the mean of the middle two. */
        static Timing of(double[] sorted) {
            int n = sorted.length;
            return new Timing(quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75), n);
        }

        private static double quantile(double[] sorted, double q) {
            double at = q * (sorted.length - 1);
            int i = (int) Math.floor(at);
            int j = Math.min(sorted.length - 1, i + 1);
            return sorted[i] + (at - i) * (sorted[j] - sorted[i]);
        }
    }

    /** Median milliseconds of {@code forwardBackward} for a prepared shape. */
    public static double medianMillis(Engine.Prepared p) {
        return time(List.of(p))[0].median();
    }

    /** The calls of {@code forwardBackward} of each prepared engine, timed in alternation. */
    public static Timing[] time(List<Engine.Prepared> engines) {
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
        Timing[] out = new Timing[k];
        for (int e = 0; e < k; e++) {
            double[] t = Arrays.copyOf(times[e], n);
            Arrays.sort(t);
            out[e] = Timing.of(t);
        }
        return out;
    }
}
