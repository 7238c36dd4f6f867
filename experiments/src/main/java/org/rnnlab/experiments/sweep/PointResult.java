package org.rnnlab.experiments.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished point: a row of {@code results.csv}.
 *
 * @param id                 {@link SweepPoint#id()}
 * @param task               task name
 * @param cell               cell
 * @param hidden             H
 * @param length             T
 * @param optimizer          optimizer label
 * @param clipping           clipping label
 * @param init               initialization
 * @param seed               seed
 * @param backend            backend that ran it
 * @param status             trainer status, or {@code ERROR: …}
 * @param solved             validation loss ≤ loss fraction × baseline
 * @param steps              optimizer steps taken
 * @param validationLoss     last validation loss
 * @param bestValidationLoss best validation loss
 * @param baseline           the task's baseline loss at T
 * @param accuracy           validation accuracy for classification tasks (NaN otherwise)
 * @param seconds            wall time
 * @param clippedSteps       steps where clipping fired
 * @param nonFiniteSteps     steps with non-finite gradients (skipped)
 */
public record PointResult(String id, String task, String cell, int hidden, int length, String optimizer, String clipping, String init,
                          long seed, String backend, String status, boolean solved, long steps, double validationLoss,
                          double bestValidationLoss, double baseline, double accuracy, double seconds, long clippedSteps,
                          long nonFiniteSteps) {

    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of("id", "task", "cell", "hidden", "length", "optimizer", "clipping", "init", "seed",
            "backend", "status", "solved", "steps", "validation_loss", "best_validation_loss", "baseline", "accuracy", "seconds",
            "clipped_steps", "nonfinite_steps");

    /** The row's values by column. */
    public Map<String, String> toRow() {
        Map<String, String> m = new LinkedHashMap<>();
        Object[] v = {id, task, cell, hidden, length, optimizer, clipping, init, seed, backend, status, solved, steps, validationLoss,
            bestValidationLoss, baseline, accuracy, String.format(java.util.Locale.ROOT, "%.2f", seconds), clippedSteps, nonFiniteSteps};
        for (int i = 0; i < v.length; i++) {
            m.put(COLUMNS.get(i), String.valueOf(v[i]));
        }
        return m;
    }

    /** A result from a CSV row. */
    public static PointResult fromRow(Map<String, String> r) {
        return new PointResult(r.get("id"), r.get("task"), r.get("cell"), Integer.parseInt(r.get("hidden")), Integer.parseInt(r.get("length")),
                r.get("optimizer"), r.get("clipping"), r.get("init"), Long.parseLong(r.get("seed")), r.get("backend"), r.get("status"),
                Boolean.parseBoolean(r.get("solved")), Long.parseLong(r.get("steps")), Double.parseDouble(r.get("validation_loss")),
                Double.parseDouble(r.get("best_validation_loss")), Double.parseDouble(r.get("baseline")), Double.parseDouble(r.get("accuracy")),
                Double.parseDouble(r.get("seconds")), Long.parseLong(r.get("clipped_steps")), Long.parseLong(r.get("nonfinite_steps")));
    }
}
