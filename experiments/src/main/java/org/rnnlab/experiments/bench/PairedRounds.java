package org.rnnlab.experiments.bench;

import java.util.Arrays;

/**
 * Two builds timed in alternating rounds ({@link GemmPairBenchmark}, {@link CellPairBenchmark}), read after the first
 * quarter of the rounds (those compile the code): each build's best seconds a call, and the median and quartiles over
 * rounds of B's time over A's.
 */
record PairedRounds(double bestA, double bestB, double median, double lowerQuartile, double upperQuartile) {

    /** {@code seconds[v][round]}: build v's seconds a call in each round, v = 0 for A and 1 for B. */
    static PairedRounds of(double[][] seconds) {
        int rounds = seconds[0].length;
        int warm = rounds / 4;
        double[] ratio = new double[rounds - warm];
        for (int i = warm; i < rounds; i++) {
            ratio[i - warm] = seconds[1][i] / seconds[0][i];
        }
        Arrays.sort(ratio);
        return new PairedRounds(best(seconds[0], warm), best(seconds[1], warm), ratio[ratio.length / 2],
                ratio[ratio.length / 4], ratio[3 * ratio.length / 4]);
    }

    private static double best(double[] seconds, int from) {
        return Arrays.stream(seconds, from, seconds.length).min().orElseThrow();
    }
}
