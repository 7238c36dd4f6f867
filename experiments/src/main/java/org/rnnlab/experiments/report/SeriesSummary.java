package org.rnnlab.experiments.report;

/**
 * One series of a sweep, summarised: a row of the summary table.
 *
 * @param series          the series key
 * @param task            task
 * @param cell            cell
 * @param hidden          H
 * @param label           optimizer, clipping, initialization and seed
 * @param memoryLimit     the longest length solved before the first failure (0: none solved)
 * @param censored        whether the longest length of the ladder was solved (the true limit may be higher)
 * @param stepsAtLimit    optimizer steps the limit point needed
 * @param ratioToRnn      memory limit over the tanh RNN's in the same settings (NaN when not comparable)
 * @param decayInit       gradient decay per step at initialization (NaN if not probed)
 * @param decayTrained    gradient decay per step after training
 * @param clippedSteps    clipping events over the series
 * @param nonFiniteSteps  non-finite gradient steps over the series
 * @param bytesPerStep    measured activation bytes per step (batch of the sweep)
 * @param maxStepsFull    longest T in the heap budget with full BPTT
 * @param maxStepsTbptt   longest T in the heap budget with truncated BPTT
 */
public record SeriesSummary(String series, String task, String cell, int hidden, String label, int memoryLimit, boolean censored,
                            long stepsAtLimit, double ratioToRnn, double decayInit, double decayTrained, long clippedSteps,
                            long nonFiniteSteps, long bytesPerStep, long maxStepsFull, long maxStepsTbptt) {

    /** The memory limit as text: {@code 80}, {@code ≥ 160} when censored, {@code < 5} when none solved. */
    public String limitText(int shortest) {
        if (memoryLimit == 0) {
            return "< " + shortest;
        }
        return (censored ? "≥ " : "") + memoryLimit;
    }
}
