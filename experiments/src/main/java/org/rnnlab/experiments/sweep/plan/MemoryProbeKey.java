package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;

/**
 * Which memory probe: activation bytes per step of one cell shape, and the longest sequence in a heap budget.
 *
 * @param cell       the cell, one direction (kind, projection, settings)
 * @param hidden     H
 * @param input      X (the task's input size)
 * @param batch      N (the sweep's batch)
 * @param precision  float32 or float64
 * @param budgetMb   the heap budget
 * @param truncation k1 = k2 of truncated BPTT
 */
public record MemoryProbeKey(CellChoice cell, int hidden, int input, int batch, Precision precision, int budgetMb, int truncation)
        implements Serializable {

    /** The key under which {@code probes.jsonl} stores it. */
    public String id() {
        return "memory|cell=" + cell.label() + "|hidden=" + hidden + "|input=" + input + "|batch=" + batch + "|precision=" + precision.id()
                + "|budget_mb=" + budgetMb + "|truncation=" + truncation;
    }

    /** The spec the probe measures. */
    public CellSpec spec() {
        return cell.spec(input, hidden, precision, Initialization.pytorchDefault(), 0);
    }
}
