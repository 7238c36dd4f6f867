package org.rnnlab.experiments.probe;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.DeviceMemory;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/**
 * Activation memory of training on a sequence: bytes per step predicted from the cpu backend's tape layout and
 * measured from the heap allocation of a forward and backward pass at two lengths (the slope), and the longest
 * sequence that fits a heap budget with full BPTT, and with truncated BPTT (which keeps only k1 steps of tape, so only
 * the input itself grows with T). A cell that keeps its passes in a device's memory ({@link RecurrentCell#deviceMemory},
 * the cuda backend) is measured there instead: the bytes it holds after a pass at two lengths, and the longest
 * sequences that fit the device's memory.
 */
public final class MemoryProbe {
    /** {@link Profile#maxStepsTruncated} where any length fits: the device holds one window, the sequence stays on the host. */
    public static final long ANY_LENGTH = Long.MAX_VALUE;

    private MemoryProbe() {
    }

    /**
     * @param predictedBytesPerStep the tape per step of the cpu backend: N·(X + G·H + S + C + G·H·(GRU ? 2 : 1) [+ H + P] + O + X)
     *                              elements (input copy, input projection, the states' widths S (H each; a projected h P),
     *                              gate cache (none for the LSTM, whose gates overwrite the input projection), its gradients, [with a projection P: m and ∂L/∂h,] output O and input
     *                              gradient)
     * @param measuredBytesPerStep  heap allocated per extra step by forward + backward (−1 when the JVM cannot tell)
     * @param fixedBytes            allocated independently of T (parameter gradients, per-step buffers)
     * @param maxStepsFull          longest T whose full-BPTT training step fits the budget
     * @param maxStepsTruncated     longest T that fits with truncated BPTT of {@code truncation} steps (the input grows);
     *                              {@link #ANY_LENGTH} on a device that holds one window
     * @param device                where the bytes were counted: empty for the JVM heap, else the device (in words)
     * @param budgetBytes           the budget the longest T fit: the heap budget asked for, or the device's memory
     */
    public record Profile(long predictedBytesPerStep, long measuredBytesPerStep, long fixedBytes, long maxStepsFull,
                          long maxStepsTruncated, Optional<String> device, long budgetBytes) {
    }

    /** Measures {@code spec} (cpu layout assumed for the prediction) on batch {@code batch}. */
    public static Profile measure(CellRegistry registry, CellSpec spec, int batch, long budgetBytes, int truncation) {
        int bytes = spec.precision() == Precision.FLOAT32 ? 4 : 8;
        int h = spec.hiddenSize();
        int x = spec.inputSize();
        // A plugin kind is predicted as one gate block and one state, without a cache.
        Optional<BuiltInKind> kind = BuiltInKind.find(spec.kind());
        int g = kind.map(BuiltInKind::gates).orElse(1);
        int states = kind.map(BuiltInKind::states).orElse(1);
        // The LSTM's gates overwrite their pre-activations in the input projection: no cache of their own.
        int cache = kind.filter(k -> !k.cacheOverwritesPreActivations()).map(k -> k.cacheWidth(h)).orElse(0);
        int dhp = kind.filter(k -> k.recurrentGradient() == BuiltInKind.RecurrentGradient.SEPARATE).isPresent() ? 2 : 1;
        int out = spec.outputSize();
        int stateValues = out + (states - 1) * h; // h has P values with a projection, every other state H
        int projected = spec.projectionSize() > 0 ? h + spec.projectionSize() : 0;
        long predicted = (long) batch * (x + g * h + stateValues + cache + (long) g * h * dhp + projected + out + x) * bytes;
        int t1 = 64;
        int t2 = 192;
        Optional<DeviceMemory> onDevice;
        try (RecurrentCell probe = registry.create(spec)) {
            onDevice = probe.deviceMemory();
        }
        if (onDevice.isPresent()) {
            return onDevice(registry, spec, batch, truncation, predicted, t1, t2, bytes);
        }
        // Keep the smaller of two measurements of each length.
        long a1 = Math.min(allocated(registry, spec, batch, t1), allocated(registry, spec, batch, t1));
        long a2 = Math.min(allocated(registry, spec, batch, t2), allocated(registry, spec, batch, t2));
        if (a1 < 0 || a2 < 0) {
            return new Profile(predicted, -1, -1, budgetBytes / predicted, Math.max(0, (budgetBytes - truncation * predicted)
                    / ((long) batch * x * bytes)), Optional.empty(), budgetBytes);
        }
        return fit(predicted, a1, a2, t1, t2, budgetBytes, truncation, (long) batch * x * bytes, Optional.empty());
    }

    /**
     * The profile from bytes {@code a1} and {@code a2} at lengths t1 < t2: the slope per step, the rest fixed, and the
     * longest T in the budget (with truncated BPTT only the input, {@code inputBytesPerStep}, grows past the window).
     */
    static Profile fit(long predicted, long a1, long a2, int t1, int t2, long budgetBytes, int truncation, long inputBytesPerStep,
                       Optional<String> device) {
        long perStep = Math.max(1, (a2 - a1) / (t2 - t1));
        long fixed = Math.max(0, a1 - perStep * t1);
        long full = Math.max(0, (budgetBytes - fixed) / perStep);
        long truncated = Math.max(0, (budgetBytes - fixed - truncation * perStep) / inputBytesPerStep);
        return new Profile(predicted, perStep, fixed, full, truncated, device, budgetBytes);
    }

    /**
     * A cell that keeps its passes on a device: the bytes it holds there after a forward and backward of t1 and of t2
     * steps (its own count of its allocations, exact and the same every time), in the device's memory.
     */
    private static Profile onDevice(CellRegistry registry, CellSpec spec, int batch, int truncation, long predicted, int t1, int t2,
                                    int bytes) {
        DeviceMemory m1 = heldAfterPass(registry, spec, batch, t1);
        DeviceMemory m2 = heldAfterPass(registry, spec, batch, t2);
        Profile p = fit(predicted, m1.cellBytes(), m2.cellBytes(), t1, t2, m2.totalBytes(), truncation, (long) batch * spec.inputSize() * bytes,
                Optional.of(m2.device()));
        // With truncated BPTT the device holds one window's pass, whatever T: the sequence itself stays with the trainer.
        long window = p.fixedBytes() + truncation * p.measuredBytesPerStep();
        return new Profile(p.predictedBytesPerStep(), p.measuredBytesPerStep(), p.fixedBytes(), p.maxStepsFull(),
                window <= p.budgetBytes() ? ANY_LENGTH : 0, p.device(), p.budgetBytes());
    }

    private static DeviceMemory heldAfterPass(CellRegistry registry, CellSpec spec, int batch, int steps) {
        Tensor in = Tensor.zeros(spec.precision(), steps, batch, spec.inputSize());
        Tensor gy = Tensor.zeros(spec.precision(), steps, batch, spec.outputSize());
        try (RecurrentCell cell = registry.create(spec)) {
            cell.backward(cell.forward(in, null), Upstream.ofOutput(gy));
            return cell.deviceMemory().orElseThrow(() -> new IllegalStateException("the " + cell.backend() + " cell reported device "
                    + "memory before its pass and none after it"));
        }
    }

    /** Bytes allocated (by every thread: kernels run parts of the batch in parallel) for one forward and backward pass of T steps on a fresh cell, or −1. */
    private static long allocated(CellRegistry registry, CellSpec spec, int batch, int steps) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        Tensor in = Tensor.zeros(spec.precision(), steps, batch, spec.inputSize());
        Tensor gy = Tensor.zeros(spec.precision(), steps, batch, spec.outputSize());
        for (int i = 0; i < gy.size(); i++) {
            gy.set(i, 1e-3);
        }
        try (RecurrentCell cell = registry.create(spec)) {
            // Warm up until the JIT has compiled the kernels: Vector API code that is not yet compiled by C2 boxes
            // every vector it makes. Then measure fresh cells until two passes agree (compiled code allocates only
            // the tape), keeping the smallest: late compilations only ever add bytes.
            long start = System.nanoTime();
            for (int i = 0; i < 20 || System.nanoTime() - start < 300_000_000L; i++) {
                cell.backward(cell.forward(in, null), Upstream.ofOutput(gy));
            }
            long best = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 40; attempt++) {
                long bytes;
                try (RecurrentCell fresh = registry.create(spec)) {
                    long created = allocatedByAllThreads(mx);
                    ForwardPass pass = fresh.forward(in, null);
                    fresh.backward(pass, Upstream.ofOutput(gy));
                    bytes = allocatedByAllThreads(mx) - created;
                }
                if (Math.abs(bytes - best) <= best / 200) {
                    return Math.min(bytes, best);
                }
                best = Math.min(best, bytes);
                for (int i = 0; i < 10; i++) {
                    cell.backward(cell.forward(in, null), Upstream.ofOutput(gy));
                }
            }
            return best;
        }
    }

    /** Heap bytes allocated so far by every live thread. */
    private static long allocatedByAllThreads(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long bytes : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            sum += Math.max(0, bytes); // −1 for a thread that ended meanwhile
        }
        return sum;
    }
}
