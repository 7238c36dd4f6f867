package org.rnnlab.experiments.report;

import org.rnnlab.experiments.sweep.plan.Series;

/**
 * One series of a sweep, summarised: a row of the summary table.
 *
 * @param series          the series
 * @param memoryLimit     the longest length solved before the first failure (0: none solved)
 * @param censored        whether the longest length of the ladder was solved (the true limit may be higher)
 * @param failed          whether a point of the series failed to run (the limit is then unknown past it)
 * @param stepsAtLimit    optimizer steps the limit point needed
 * @param ratioToRnn      memory limit over the tanh RNN's in the same settings (NaN when not comparable)
 * @param decayInit       gradient decay per step at initialization (NaN if not probed)
 * @param decayTrained    gradient decay per step after training
 * @param clippedSteps    clipping events over the series
 * @param nonFiniteSteps  non-finite gradient steps over the series
 * @param bytesPerStep    measured activation bytes per step (batch of the sweep; −1 when not measured)
 * @param maxStepsFull    longest T in the heap budget with full BPTT
 * @param maxStepsTbptt   longest T in the heap budget with truncated BPTT ({@code Long.MAX_VALUE}: any, on a device that
 *                        holds one window)
 * @param memoryDevice    where the memory probe counted: empty for the JVM heap, else the device (in words)
 * @param deviceBytes     the device's memory, which its longest T fit (0 for the heap)
 */
public record SeriesSummary(Series series, int memoryLimit, boolean censored, boolean failed, long stepsAtLimit, double ratioToRnn,
                            double decayInit, double decayTrained, long clippedSteps, long nonFiniteSteps, long bytesPerStep,
                            long maxStepsFull, long maxStepsTbptt, String memoryDevice, long deviceBytes) {

    /** Bytes per step as text: the number, marked where they were a device's. */
    public String bytesPerStepText() {
        return bytesPerStep < 0 ? "–" : bytesPerStep + (memoryDevice.isEmpty() ? "" : " (device)");
    }

    /**
     * The longest T, full BPTT / truncated, as text: {@code 11263 / 2085764} in the heap budget; on a device
     * {@code 52000 / any in the device's 140 GiB}.
     */
    public String maxStepsText() {
        if (maxStepsFull < 0) {
            return "–";
        }
        String tbptt = maxStepsTbptt == Long.MAX_VALUE ? "any" : String.valueOf(maxStepsTbptt);
        return maxStepsFull + " / " + tbptt + (memoryDevice.isEmpty() ? ""
                : String.format(java.util.Locale.ROOT, " in the device's %.0f GiB", deviceBytes / (double) (1L << 30)));
    }

    /**
     * The memory limit as text: {@code 80}, {@code ≥ 160} when censored, {@code < 5} when none solved, {@code ≥ 40
     * (failed at 80)} when a point failed to run.
     */
    public String limitText(int shortest, int failedAt) {
        String s = memoryLimit == 0 ? "< " + shortest : (censored ? "≥ " : "") + memoryLimit;
        return failed ? (memoryLimit == 0 ? "–" : "≥ " + memoryLimit) + " (failed at " + failedAt + ")" : s;
    }
}
