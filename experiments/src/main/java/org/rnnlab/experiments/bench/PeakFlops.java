package org.rnnlab.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FP32 peak, measured, and checked against what the hardware allows.
 *
 * <p>Measured: every thread runs independent fused multiply-adds on the widest float vectors the JVM offers (JDK Vector
 * API), in 12 accumulators (with the multiplier and the addend, 14 of the 16 vector registers of AVX2; more than the
 * 8 = 4 cycles of latency × 2 FMA units of Zen and Intel cores), after a warm-up that compiles the loop; the best of several
 * short rounds, first on one thread and then on all at once. The loop comes in two forms, the accumulators as the addends
 * ({@code a = m·c + a}, as in the products' micro-kernels) or as the multiplicands ({@code a = a·m + c}): which one C2
 * compiles to the faster code depends on the core and the vector width (README, Benchmarks: on a Zen 5 at 256 bits the
 * multiplicands' form was the slower by 15%), so one thread measures both, the report gives both, and all threads run
 * the faster. The forms are two loops written out, not one loop that tests the form: each is what C2 makes of that
 * form. Checked: the clock is measured too (a chain of dependent
 * integer operations of 3 cycles each), and the peak must agree within 25% with threads × lanes × 2 flops × FMA units ×
 * clock. The FMA units are the FMAs per cycle of the faster reading per thread (one thread alone, or each of all at
 * once), rounded to a whole number (at least 1): one thread alone is the reading others disturb least, so a peak of all
 * threads read while another process took the CPUs, or at a clock that moved, falls short of the model and is reported
 * as disagreeing, not hidden behind a smaller count of units. Where the operating system says the CPUs are SMT siblings
 * (Linux: {@code /sys/devices/system/cpu/cpu0/topology/thread_siblings_list} lists more than one), the threads share a
 * core's units and the units come from all threads at once.
 *
 * @param allThreads   FP32 FLOP/s of all threads running at once
 * @param singleThread FP32 FLOP/s of one thread alone
 * @param threads      threads run (the available processors)
 * @param lanes        floats per vector
 * @param clockHz      the measured clock
 * @param siblings     whether the operating system reported the CPUs as SMT siblings of one core
 * @param form         the loop's form that read faster on one thread, which all threads ran
 * @param otherForm    FP32 FLOP/s of one thread alone in the other form (NaN when not measured)
 */
public record PeakFlops(double allThreads, double singleThread, int threads, int lanes, double clockHz, boolean siblings, Form form,
                        double otherForm) {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 12;
    /** Rounds per measurement; the best is kept (a neighbour on a shared machine can halve a round). */
    private static final int ROUNDS = 7;
    /** FMA iterations per round and thread: about 0.1 s at 100 GFLOP/s. */
    private static final int ITERATIONS = 40_000_000 / S.length();
    private static final long CHAIN = 100_000_000L;
    /** How far the measured peak may lie from the model of the hardware. */
    public static final double AGREEMENT = 0.25;

    /** Where the accumulators go in the FMA loop. */
    public enum Form {
        /** {@code a = m·c + a}: the products' micro-kernels' form. */
        ADDEND,
        /** {@code a = a·m + c}. */
        MULTIPLICAND;

        String text() {
            return this == ADDEND ? "accumulators as addends" : "accumulators as multiplicands";
        }
    }

    /** A reading of the loop in its {@link Form#ADDEND} form. */
    public PeakFlops(double allThreads, double singleThread, int threads, int lanes, double clockHz, boolean siblings) {
        this(allThreads, singleThread, threads, lanes, clockHz, siblings, Form.ADDEND, Double.NaN);
    }

    /** Measures one thread in both forms, all threads in the faster, and the clock (about 3 s). */
    public static PeakFlops measure() throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        for (Form f : Form.values()) {
            kernel(f, ITERATIONS); // compiles the loops before anything is timed
        }
        clockCycles(CHAIN / 10);
        double addend = best(1, Form.ADDEND);
        double multiplicand = best(1, Form.MULTIPLICAND);
        Form form = addend >= multiplicand ? Form.ADDEND : Form.MULTIPLICAND;
        double one = Math.max(addend, multiplicand);
        double all = threads == 1 ? one : best(threads, form);
        double clock = clock();
        boolean siblings = threads > 1 && smtSiblings(Path.of("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list"));
        return new PeakFlops(all, one, threads, S.length(), clock, siblings, form, Math.min(addend, multiplicand));
    }

    /** The peak: FP32 FLOP/s of all threads at once, or of one alone where that read higher. */
    public double flops() {
        return Math.max(allThreads, singleThread);
    }

    /**
     * FMA units per thread: FMAs per cycle rounded (at least 1), of one thread alone or of each of all threads at once,
     * whichever is faster, or of all at once where the threads are SMT siblings sharing a core's units.
     */
    public int fmaUnits() {
        double all = perCycle(allThreads, threads);
        return (int) Math.max(1, Math.round(siblings ? all : Math.max(all, perCycle(singleThread, 1))));
    }

    /** Whether a sysfs {@code thread_siblings_list} ("0", "0-1", "0,8") names more than one CPU; false when unreadable. */
    static boolean smtSiblings(Path list) {
        try {
            String text = Files.readString(list).trim();
            return text.contains(",") || text.contains("-");
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or no topology: the faster reading decides
        }
    }

    /** Vector lanes per FMA (for the report). */
    public static int vectorLanes() {
        return S.length();
    }

    /** threads × lanes × 2 × FMA units × clock: what the hardware allows, by the model of {@link #fmaUnits()}. */
    public double nominal() {
        return threads * lanes * 2.0 * fmaUnits() * clockHz;
    }

    /** Whether the peak agrees with {@link #nominal()} within {@value #AGREEMENT}·100%. */
    public boolean agrees() {
        return Math.abs(flops() / nominal() - 1) <= AGREEMENT;
    }

    /** FMAs per cycle per thread: all threads at once, and one thread alone. */
    private double perCycle(double rate, int n) {
        return rate / (n * lanes * 2.0 * clockHz);
    }

    /** How it was measured and checked, in one paragraph for the bench's header. */
    public String describe() {
        String check = String.format(Locale.ROOT, "%d thread%s × %d lanes × 2 flops × %d FMA unit%s × %.2f GHz (measured: a chain of "
                        + "dependent 3-cycle steps) = %.1f GFLOP/s", threads, threads == 1 ? "" : "s", lanes, fmaUnits(),
                fmaUnits() == 1 ? "" : "s", clockHz / 1e9, nominal() / 1e9);
        double off = flops() / nominal() - 1;
        String verdict = agrees()
                ? String.format(Locale.ROOT, "the peak agrees within %.0f%%", Math.ceil(100 * Math.abs(off)))
                : String.format(Locale.ROOT, "DISAGREES by %.0f%%: another process took the CPUs, or the clock moved, while the peak "
                        + "was measured; rerun on a quiet machine", 100 * Math.abs(off));
        String units = threads == 1 ? "" : siblings ? " (units from all threads at once: the CPUs are SMT siblings)"
                : " (units from the faster reading per thread)";
        String other = Double.isNaN(otherForm) ? "" : String.format(Locale.ROOT, "; with the %s %.1f (%.2f)",
                (form == Form.ADDEND ? Form.MULTIPLICAND : Form.ADDEND).text(), otherForm / 1e9, perCycle(otherForm, 1));
        return String.format(Locale.ROOT, "FP32 peak %.1f GFLOP/s: an FMA loop on %d thread%s at once (%d %s, the faster form on one "
                        + "thread; best of %d rounds after a warm-up), %.2f FMA a cycle per thread; one thread alone %.1f GFLOP/s (%.2f)%s. "
                        + "Check: %s%s: %s.",
                flops() / 1e9, threads, threads == 1 ? "" : "s", ACCUMULATORS, form.text(), ROUNDS, perCycle(flops(), threads),
                singleThread / 1e9, perCycle(singleThread, 1), other, check, units, verdict);
    }

    /** The best FLOP/s of {@code threads} threads running the FMA loop in {@code form} at once. */
    private static double best(int threads, Form form) throws InterruptedException {
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            double[] sinks = new double[threads];
            Thread[] ts = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> sinks[id] = kernel(form, ITERATIONS));
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * ACCUMULATORS * S.length() * (double) ITERATIONS * threads / seconds); // sinks keep the work alive
        }
        return best;
    }

    /** Cycles per second, the median of five chains. */
    private static double clock() {
        double[] hz = new double[5];
        for (int i = 0; i < hz.length; i++) {
            long start = System.nanoTime();
            long sink = clockCycles(CHAIN);
            double seconds = (System.nanoTime() - start) / 1e9;
            hz[i] = 3.0 * CHAIN / seconds + (sink == 42 ? 1 : 0); // the sink keeps the chain from being removed
        }
        java.util.Arrays.sort(hz);
        return hz[hz.length / 2];
    }

    /**
     * n steps of x := (x ⊕ (x ≫ 7)) + c: a shift, an exclusive or and an add, each waiting for the one before, 3 cycles a
     * step on every current core; nothing in it can be folded or run ahead.
     */
    private static long clockCycles(long n) {
        long x = n;
        for (long i = 0; i < n; i++) {
            x = (x ^ (x >>> 7)) + 0x9E3779B97F4A7C15L;
        }
        return x;
    }

    /** The loop in the form {@code form}: the kernels' form first. */
    private static double kernel(Form form, int iterations) {
        return form == Form.ADDEND ? addendKernel(iterations) : multiplicandKernel(iterations);
    }

    /** The accumulators as the addends, {@code a = m·c + a}: the products' micro-kernels' form. */
    private static double addendKernel(int iterations) {
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
        FloatVector a8 = FloatVector.broadcast(S, 9f);
        FloatVector a9 = FloatVector.broadcast(S, 10f);
        FloatVector a10 = FloatVector.broadcast(S, 11f);
        FloatVector a11 = FloatVector.broadcast(S, 12f);
        for (int i = 0; i < iterations; i++) {
            a0 = m.fma(c, a0);
            a1 = m.fma(c, a1);
            a2 = m.fma(c, a2);
            a3 = m.fma(c, a3);
            a4 = m.fma(c, a4);
            a5 = m.fma(c, a5);
            a6 = m.fma(c, a6);
            a7 = m.fma(c, a7);
            a8 = m.fma(c, a8);
            a9 = m.fma(c, a9);
            a10 = m.fma(c, a10);
            a11 = m.fma(c, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** The accumulators as the multiplicands, {@code a = a·m + c}. */
    private static double multiplicandKernel(int iterations) {
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
        FloatVector a8 = FloatVector.broadcast(S, 9f);
        FloatVector a9 = FloatVector.broadcast(S, 10f);
        FloatVector a10 = FloatVector.broadcast(S, 11f);
        FloatVector a11 = FloatVector.broadcast(S, 12f);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
