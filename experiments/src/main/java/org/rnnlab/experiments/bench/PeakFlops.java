package org.rnnlab.experiments.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FP32 peak, measured: every core runs independent fused multiply-adds on the widest float vectors the
 * JVM offers (JDK Vector API), 8 accumulators deep to hide the FMA latency. A measured ceiling for "% of peak".
 */
public final class PeakFlops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 8;

    private PeakFlops() {
    }

    /** FP32 FLOP/s of all available cores (the best of a few short runs). */
    public static double measure() throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        double best = 0;
        for (int round = 0; round < 8; round++) { // best of 8: a neighbour on a shared machine can halve a round
            long iterations = 160_000_000L / S.length(); // about 0.2 s a round
            double[] sinks = new double[threads];
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> sinks[id] = kernel(iterations));
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double flops = 2.0 * ACCUMULATORS * S.length() * iterations * threads;
            best = Math.max(best, flops / seconds); // sinks[] keeps every thread's result alive
        }
        return best;
    }

    /** Vector lanes per FMA (for the report). */
    public static int lanes() {
        return S.length();
    }

    private static double kernel(long iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f);
        FloatVector a1 = FloatVector.broadcast(S, 2f);
        FloatVector a2 = FloatVector.broadcast(S, 3f);
        FloatVector a3 = FloatVector.broadcast(S, 4f);
        FloatVector a4 = FloatVector.broadcast(S, 5f);
        FloatVector a5 = FloatVector.broadcast(S, 6f);
        FloatVector a6 = FloatVector.broadcast(S, 7f);
        FloatVector a7 = FloatVector.broadcast(S, 8f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
