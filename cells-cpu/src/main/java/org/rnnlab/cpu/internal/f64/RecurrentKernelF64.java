package org.rnnlab.cpu.internal.f64;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Memory;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.cpu.internal.Alignment;
import org.rnnlab.cpu.internal.Caches;
import org.rnnlab.cpu.internal.Crew;
import org.rnnlab.cpu.internal.SequenceKernel;

/**
 * The shared skeleton of the built-in kernels in float64 (the float32 twin is generated from this file).
 *
 * <p>Products go through a {@link GemmF64} (the Vector API kernel, or EJML as the portable fallback); the weights are
 * packed once per call ({@link GemmF64#packTransposed} for the forward products {@code ·Wᵀ}, {@link GemmF64#pack} for
 * the backward ones) so that every product reads its right operand in the engine's layout, and the biases are the
 * products' first rows ({@link GemmF64#mult(int, int, int, double[], int, GemmF64.Packed, double[], double[], int)}).
 *
 * <p>Forward: the input projection of all steps is one GEMM, {@code XP[T·N, G·H] = X[T·N, X]·W_ihᵀ + b_ih}; each
 * step adds one GEMM and fused gate math ({@link #forwardStep}). Where the two pre-activations are summed before any gate
 * math (RNN, LSTM: {@link BuiltInKind.RecurrentGradient#SAME_AS_INPUT}) the input projection starts from
 * {@code b_ih + b_hh} and each step's product {@code h[N, H]·W_hhᵀ} accumulates straight into XP's block t, which then
 * holds the whole pre-activation: no second buffer, no pass to add the two; the LSTM's gates then overwrite their
 * pre-activations there ({@link BuiltInKind#cacheOverwritesPreActivations()}), so its cache is XP. The GRU keeps its
 * recurrent product apart, {@code HP[N, G·H] = h·W_hhᵀ + b_hh} (its candidate reads r ⊙ (W_hn·h + b_hn)).
 * Backward: per step the gate math back ({@link #backwardStep}) and one GEMM {@code dh += dHP·W_hh}; then
 * {@code dW_ih = dXPᵀ·X}, {@code dX = dXP·W_ih} and {@code dW_hh = dHPᵀ·H_prev}, each one GEMM over all steps
 * (Appleyard et al. 2016). Buffers live in a workspace sized once per (batch, steps); nothing is allocated per step.
 *
 * <p>With a projection P ({@code torch.nn.LSTM(proj_size=P)}; Sak et al. 2014) the gate math writes
 * {@code m = o ⊙ tanh(c)} [N, H] and each step adds one GEMM {@code h[N, P] = m·W_hrᵀ}; h, the output and W_hh's
 * columns have P values, c keeps H. Backward, per step, {@code ∂m = ∂h·W_hr} before the gate math; then
 * {@code dW_hr = dHᵀ·M}, one GEMM over all steps of the kept ∂h and m.
 *
 * <p>Layouts (row-major): state k {@code [(T+1)·N, width_k]} (h: P or H, c: H) with block t the state entering step t;
 * {@code XP} {@code [T·N, G·H]}; {@code dXP}, {@code dHP} {@code [T·N, G·H]} with rows {@link #gradStride} apart;
 * cache {@code [T·N, cacheWidth]} (XP itself for the LSTM); with a projection, {@code M [T·N, H]} (block t: m of step t) and {@code dH [T·N, P]}
 * (block t: ∂L/∂h after step t).
 */
public abstract class RecurrentKernelF64 implements SequenceKernel {
    /**
     * The system property with the bytes of W_hh above which the per-step products split by columns among threads that
     * meet at a barrier every step (default: a core's L2, 1 MiB where Linux does not tell; 0: wherever they can;
     * negative: never). Read when a kernel is made.
     */
    public static final String COLUMN_SPLIT_PROPERTY = "rnnlab.cpu.column-split-bytes";
    private static final long L2_BYTES = Caches.l2Bytes(1L << 20);
    /**
     * Bytes of W_hh from which a batch whose batch split has one part splits by columns whatever the L2. On the 2-core
     * Zen 5, N 1 (float32, both -XX:UseAVX=2 and 512-bit code): LSTM H 128 (256 KiB) took 0.80–0.87× the time, GRU H 128
     * (192 KiB) 0.82–0.87×, RNN H 256 0.86–0.88×, LSTM H 256 0.57–0.71×, LSTM H 128 at N 3 and 6 0.72–1.0×; LSTM H 96
     * and RNN H 192 (144 KiB) took 1.05–1.26×, and RNN H 128, LSTM H 64 (64 KiB) up to 2.3×: two barriers a step cost
     * more than half a small product saves.
     */
    private static final long ONE_PART_SPLIT_BYTES = 192L << 10;
    /** Weights (G·H·(X + H) values) from which the two packings of a pass run at once. */
    private static final long CONCURRENT_PACKING = 1L << 19;

    protected final int inputSize;
    protected final int hidden;
    /** P, the projection of h (0: none). */
    protected final int projection;
    /** Values of h per sample: P with a projection, else H. */
    protected final int hWidth;
    /** Values per sample of each state tensor: h has {@link #hWidth}, the others H. */
    private final int[] widths;
    /** Where {@code weight_hr} sits in the layout (after the biases, as in torch.nn), when there is a projection. */
    private final int projectionIndex;
    protected final int gh;
    /** Values between rows of dXP and dHP: G·H, or more where the engine reads rows of other strides better. */
    protected final int gradStride;
    protected final boolean bias;
    private final int stateCount;
    /** Values per sample and step saved for backward (the kind's cache per unit times H). */
    protected final int cacheWidth;
    private final boolean separateRecurrentGrad;
    /** Whether each step's recurrent product accumulates into XP (the pre-activations are summed: RNN, LSTM). */
    protected final boolean recurrentIntoXp;
    /** Whether the cache is XP itself: the gates overwrite their pre-activations (LSTM). */
    private final boolean cacheInXp;
    private final GemmF64 gemm;
    /** One product engine per batch part for the per-step products (implementations may keep scratch). */
    private final GemmF64[] stepGemms;
    /**
     * Per thread of the {@link Crew}, an engine computing that thread's part of the columns of the per-step products,
     * where the recurrence splits by columns ({@link #byColumns}); null where the engine has no column parts or there is
     * one core.
     */
    private final GemmF64[] columnGemms;
    /** Bytes of W_hh above which the recurrence splits by columns: {@value #COLUMN_SPLIT_PROPERTY}, else a core's L2. */
    private final long columnSplitBytes;
    private final Crew crew;
    /** The gate activations, applied in place to whole gate blocks. */
    protected final ActivationsF64 act;
    private Workspace ws;

    /**
     * A kernel for {@code spec}, whose kind's gates, states, cache and recurrent gradient come from its {@link BuiltInKind}.
     *
     * @param gemm     the all-steps products (may use every core)
     * @param stepGemm makes the per-step products' engines, one per batch part (single-threaded)
     * @param act      the activations
     */
    protected RecurrentKernelF64(CellSpec spec, GemmF64 gemm, Supplier<GemmF64> stepGemm, ActivationsF64 act) {
        BuiltInKind kind = BuiltInKind.of(spec.kind());
        this.gemm = gemm;
        this.stepGemms = new GemmF64[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int p = 0; p < stepGemms.length; p++) {
            stepGemms[p] = stepGemm.get();
        }
        this.crew = Crew.machine();
        int columnParts = Math.min(stepGemms.length, crew.size());
        GemmF64[] columns = columnParts < 2 ? null : new GemmF64[columnParts];
        for (int p = 0; columns != null && p < columnParts; p++) {
            columns[p] = stepGemm.get().columns(p, columnParts);
            if (columns[p] == null) {
                columns = null;
            }
        }
        this.columnGemms = columns;
        this.columnSplitBytes = columnSplitBytes(System.getProperty(COLUMN_SPLIT_PROPERTY));
        this.act = act;
        this.inputSize = spec.inputSize();
        this.hidden = spec.hiddenSize();
        this.projection = spec.projectionSize();
        this.hWidth = spec.outputSize();
        this.gh = kind.gates() * spec.hiddenSize();
        this.gradStride = gemm.leadingDimension(gh);
        this.bias = spec.bias();
        this.projectionIndex = spec.bias() ? 4 : 2;
        this.stateCount = kind.states();
        this.widths = new int[stateCount];
        for (int k = 0; k < stateCount; k++) {
            widths[k] = k == 0 ? hWidth : hidden;
        }
        this.cacheWidth = kind.cacheWidth(spec.hiddenSize());
        this.separateRecurrentGrad = kind.recurrentGradient() == BuiltInKind.RecurrentGradient.SEPARATE;
        this.recurrentIntoXp = !separateRecurrentGrad;
        this.cacheInXp = kind.cacheOverwritesPreActivations();
    }

    /**
     * Gate math of step t for samples [b0, b1): reads {@code xp} block t (the whole pre-activation when
     * {@link #recurrentIntoXp}; else the input's, with the recurrent one in {@code hp}, which it may overwrite: it is
     * scratch once read), states block t; writes states block t+1 (h at {@link Workspace#unprojected()}: with a
     * projection that is m, which the skeleton projects to h), cache. Parts of the batch run concurrently.
     */
    protected abstract void forwardStep(Workspace w, int t, int b0, int b1);

    /**
     * Gate math back of step t: reads {@code dState} (∂L/∂ state after step t) and the tape; writes every value of
     * the samples' rows of {@code dxp} block t (and of {@code dhp} block t when separate: neither is cleared first),
     * and replaces {@code dState} by the elementwise part of ∂L/∂(state before step t); the skeleton then adds
     * {@code dHP_t·W_hh} to {@code dState[0]}. With a projection the gradient of h's H-wide part m is at
     * {@link Workspace#dUnprojected()} (which the step zeroes) and {@code dState[0]} is already zero.
     */
    protected abstract void backwardStep(Workspace w, int t, int b0, int b1);

    @Override
    public final Result forward(Parameters params, Tensor input, State initial, Mask mask) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        Workspace w = workspace(batch, steps);
        w.mask = mask;
        System.arraycopy(input.readDoubles(), 0, w.x, 0, w.x.length);
        double[] wih = params.get(0).readDoubles();
        double[] whh = params.get(1).readDoubles();
        concurrently(() -> w.wihTPacked = gemm.packTransposed(inputSize, gh, wih, 0, w.wihTPacked),
                () -> w.whhTPacked = gemm.packTransposed(hWidth, gh, whh, 0, w.whhTPacked)); // read by every step
        if (projection > 0) {
            w.whrTPacked = gemm.packTransposed(hidden, projection, params.get(projectionIndex).readDoubles(), 0, w.whrTPacked);
        }
        // Every row starts as the bias (or zero) inside the product: no separate pass. Where the steps add their recurrent
        // products into XP, b_hh joins b_ih here.
        double[] rowInit = !bias ? null : recurrentIntoXp ? w.biasSum(params.get(2).readDoubles(), params.get(3).readDoubles())
                : params.get(2).readDoubles();
        gemm.mult(steps * batch, gh, inputSize, w.x, 0, w.wihTPacked, rowInit, w.xp, 0);
        for (int k = 0; k < stateCount; k++) {
            System.arraycopy(initial.get(k).readDoubles(), 0, w.states[k], 0, batch * widths[k]);
        }
        double[] bhh = bias ? params.get(3).readDoubles() : null;
        if (!byColumns(batch) || !crew.tryRun(columnGemms.length, p -> forwardStepsByColumns(w, bhh, p))) {
            inParts(batch, (g, b0, b1) -> forwardSteps(w, g, bhh, b0, b1));
        }
        int nOut = batch * hWidth;
        double[] out = Arrays.copyOfRange(w.states[0], nOut, (steps + 1) * nOut);
        Tensor[] fin = new Tensor[stateCount];
        for (int k = 0; k < stateCount; k++) {
            int nk = batch * widths[k];
            fin[k] = Tensor.wrap(Arrays.copyOfRange(w.states[k], steps * nk, (steps + 1) * nk), batch, widths[k]);
        }
        return new Result(Tensor.wrap(out, steps, batch, hWidth), State.of(fin));
    }

    @Override
    public final Gradients backward(Parameters params, Tensor gradOutput, State gradFinal, int window) {
        Workspace w = ws;
        int steps = w.steps;
        int batch = w.batch;
        w.prepareBackward(window);
        for (int k = 0; k < stateCount; k++) {
            System.arraycopy(gradFinal.get(k).readDoubles(), 0, w.dState[k], 0, batch * widths[k]);
        }
        double[] dOut = gradOutput.readDoubles();
        double[] wih = params.get(0).readDoubles();
        double[] whh = params.get(1).readDoubles();
        // W_hh for every step now, W_ih for ∂X at the end.
        concurrently(() -> w.whhPacked = gemm.pack(gh, hWidth, whh, 0, w.whhPacked),
                () -> w.wihPacked = gemm.pack(gh, inputSize, wih, 0, w.wihPacked));
        if (projection > 0) {
            w.whrPacked = gemm.pack(projection, hidden, params.get(projectionIndex).readDoubles(), 0, w.whrPacked);
        }
        if (!byColumns(batch) || !crew.tryRun(columnGemms.length, p -> backwardStepsByColumns(w, dOut, window, p))) {
            inParts(batch, (g, b0, b1) -> backwardSteps(w, g, dOut, window, b0, b1));
        }
        Map<String, Tensor> grads = new LinkedHashMap<>();
        int rows = steps * batch;
        double[] gWih = new double[gh * inputSize];
        double[] gWhh = new double[gh * hWidth];
        // The first T blocks of states[0] are the states entering each step: H_prev [T·N, H or P] without a copy.
        if (separateRecurrentGrad) {
            gemm.multTransA(gh, inputSize, rows, w.dxp, 0, gradStride, w.x, 0, gWih, 0);
            gemm.multTransA(gh, hWidth, rows, w.dhp, 0, gradStride, w.states[0], 0, gWhh, 0);
        } else { // one gradient of the gates for both: one product over X and H_prev side by side
            gemm.multTransA(gh, rows, w.dxp, 0, gradStride, new GemmF64.Side(inputSize, w.x, 0, gWih, 0),
                    new GemmF64.Side(hWidth, w.states[0], 0, gWhh, 0));
        }
        grads.put(params.layout().get(0).name(), Tensor.wrap(gWih, gh, inputSize));
        grads.put(params.layout().get(1).name(), Tensor.wrap(gWhh, gh, hWidth));
        if (bias) {
            double[] gbih = columnSums(w.dxp, rows);
            // ∂L/∂b_hh = ∂L/∂b_ih where the recurrent pre-activation's gradient is the input's (RNN, LSTM).
            double[] gbhh = separateRecurrentGrad ? columnSums(w.dhp, rows) : gbih.clone();
            grads.put(params.layout().get(2).name(), Tensor.wrap(gbih, gh));
            grads.put(params.layout().get(3).name(), Tensor.wrap(gbhh, gh));
        }
        if (projection > 0) {
            // ∂L/∂W_hr = Σ_t ∂L/∂h_{t+1}ᵀ·m_t over every sample: dHᵀ·M, one product.
            double[] gWhr = new double[projection * hidden];
            gemm.multTransA(projection, hidden, rows, w.dh, 0, w.m, 0, gWhr, 0);
            grads.put(params.layout().get(projectionIndex).name(), Tensor.wrap(gWhr, projection, hidden));
        }
        double[] gX = new double[steps * batch * inputSize];
        gemm.mult(rows, inputSize, gh, w.dxp, 0, gradStride, w.wihPacked, null, gX, 0);
        Tensor[] gInit = new Tensor[stateCount];
        for (int k = 0; k < stateCount; k++) {
            gInit[k] = Tensor.wrap(window == steps ? w.dState[k].clone() : new double[batch * widths[k]], batch, widths[k]);
        }
        return new Gradients(grads, Tensor.wrap(gX, steps, batch, inputSize), State.of(gInit));
    }

    /**
     * Runs two packings of the weights at once when there are cores to spare and the weights are large enough to pay for
     * the hand-off: a packing is bound by the latency of its reads and writes, not by the memory's bandwidth.
     */
    private void concurrently(Runnable first, Runnable second) {
        if (stepGemms.length < 2 || (long) gh * (inputSize + hidden) < CONCURRENT_PACKING) {
            first.run();
            second.run();
            return;
        }
        IntStream.range(0, 2).parallel().forEach(i -> (i == 0 ? first : second).run());
    }

    /** A range of samples [b0, b1) handled by one thread with its own product engine. */
    @FunctionalInterface
    private interface Part {
        void run(GemmF64 g, int b0, int b1);
    }

    /**
     * Runs {@code body} on parts of the batch concurrently: samples never interact within a step, so each part runs
     * all its steps with no synchronisation until the end (at least 4 samples per part). A batch too small to split
     * runs as one part whose per-step products may still use every core (split by columns: see VectorGemm). Where W_hh
     * exceeds a core's L2 the recurrence splits by columns instead ({@link #byColumns}).
     */
    private void inParts(int batch, Part body) {
        int parts = batchParts(batch);
        if (parts == 1) {
            body.run(gemm, 0, batch);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p -> body.run(stepGemms[p], batch * p / parts, batch * (p + 1) / parts));
    }

    /**
     * Whether the recurrence splits by columns: where W_hh is too large for a core's L2 (each thread of a batch split
     * streams all of it from L3 every step; split by columns, each streams its part) and there is no projection. Each
     * step's product then runs in column parts, one per thread of the {@link Crew}, and the gate math in the parts of the
     * batch split, with a barrier between the two: the bits of the batch split, every element computed by the same
     * operations in the same order. On a 2-core Intel Xeon (2 MiB of L2 a core), a forward and backward of LSTM H 512
     * took 0.83–0.91× the time at N 16 T 25 and 0.37× at N 1 T 200 (where the batch split has one part, whose products
     * hand columns to the fork-join pool every step); forced at LSTM H 256 (1 MiB of W_hh) and H 128 it took 1.02–1.14×,
     * so W_hh must exceed a core's L2 (README, Benchmarks: the commands). Where the batch split has one part (fewer
     * than 8 samples on 2 cores: one core works, the others wait) the columns split from {@link #ONE_PART_SPLIT_BYTES}
     * of W_hh on.
     */
    private boolean byColumns(int batch) {
        if (columnGemms == null || projection != 0 || columnSplitBytes < 0) {
            return false;
        }
        long bytes = (long) gh * hWidth * Precision.FLOAT64.bytes();
        return bytes > columnSplitBytes || (batchParts(batch) == 1 && bytes >= ONE_PART_SPLIT_BYTES);
    }

    /** Part p of the recurrence split by columns ({@link #byColumns}): its columns of each product, its samples' gate math. */
    private void forwardStepsByColumns(Workspace w, double[] bhh, int p) {
        GemmF64 g = columnGemms[p];
        int b0 = gatePartStart(w.batch, p);
        int b1 = gatePartStart(w.batch, p + 1);
        int nOut = w.batch * hWidth;
        for (int t = 0; t < w.steps; t++) {
            if (recurrentIntoXp) {
                g.multAdd(w.batch, gh, hWidth, w.states[0], t * nOut, w.whhTPacked, w.xp, t * w.batch * gh);
            } else {
                g.mult(w.batch, gh, hWidth, w.states[0], t * nOut, w.whhTPacked, bhh, w.hp, 0);
            }
            crew.await(); // every column of step t's pre-activations
            forwardStep(w, t, b0, b1);
            if (w.mask != null) {
                carryMaskedRows(w, t, b0, b1);
            }
            crew.await(); // every sample's state after step t
        }
    }

    /** Part p of back-propagation through the last {@code window} steps split by columns ({@link #byColumns}). */
    private void backwardStepsByColumns(Workspace w, double[] dOut, int window, int p) {
        GemmF64 g = columnGemms[p];
        int b0 = gatePartStart(w.batch, p);
        int b1 = gatePartStart(w.batch, p + 1);
        double[] dh = w.dState[0];
        for (int t = w.steps - 1; t >= w.steps - window; t--) {
            enterStepBack(w, dOut, t, b0, b1);
            backwardStep(w, t, b0, b1);
            crew.await(); // every sample's gradients of step t's pre-activations
            g.multAdd(w.batch, hWidth, gh, w.dhp, t * w.batch * gradStride, gradStride, w.whhPacked, dh, 0);
            crew.await(); // every column of ∂L/∂h before step t
            if (w.mask != null) {
                restoreMaskedRows(w, t, b0, b1);
            }
        }
    }

    /**
     * The value of {@value #COLUMN_SPLIT_PROPERTY} ({@code value}; null or blank: a core's L2).
     *
     * @throws IllegalArgumentException for a value that is not a whole number
     */
    static long columnSplitBytes(String value) {
        if (value == null || value.isBlank()) {
            return L2_BYTES;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(COLUMN_SPLIT_PROPERTY + "=" + value + " is not a number of bytes: give a whole "
                    + "number (the bytes of W_hh above which the recurrence splits by columns; 0: wherever it can; -1: never)");
        }
    }

    /** Parts of the batch that run their gate math apart: one per core, at least 4 samples each. */
    private int batchParts(int batch) {
        return Math.min(stepGemms.length, Math.max(1, batch / 4));
    }

    /**
     * The first sample of part p's gate math in a column split: the batch split's parts (so that a vector loop's tail
     * falls on the same values, and the bits are the batch split's); a thread beyond them only multiplies.
     */
    private int gatePartStart(int batch, int p) {
        int parts = batchParts(batch);
        return p < parts ? batch * p / parts : batch;
    }

    /**
     * Into ∂L/∂h after step t of samples [b0, b1), the output's gradient of step t; with a mask, the rows of samples
     * that skip step t set aside and zeroed (a skipped step is the identity: backward being linear, every contribution
     * of those rows is then zero; {@link #restoreMaskedRows} puts them back after the step).
     */
    private void enterStepBack(Workspace w, double[] dOut, int t, int b0, int b1) {
        double[] dh = w.dState[0];
        int off = t * w.batch * hWidth;
        for (int i = b0 * hWidth; i < b1 * hWidth; i++) {
            dh[i] += dOut[off + i];
        }
        if (w.mask != null) {
            setAsideMaskedRows(w, t, b0, b1);
        }
    }

    /** The recurrence over every step for samples [b0, b1). */
    private void forwardSteps(Workspace w, GemmF64 g, double[] bhh, int b0, int b1) {
        int nOut = w.batch * hWidth;
        int rows = b1 - b0;
        double touched = 0;
        for (int t = 0; t < w.steps; t++) {
            if (recurrentIntoXp) {
                g.multAdd(rows, gh, hWidth, w.states[0], t * nOut + b0 * hWidth, w.whhTPacked, w.xp, (t * w.batch + b0) * gh);
            } else {
                g.mult(rows, gh, hWidth, w.states[0], t * nOut + b0 * hWidth, w.whhTPacked, bhh, w.hp, b0 * gh);
            }
            if (t + 1 < w.steps) {
                touched += touch(w.xp, ((t + 1) * w.batch + b0) * gh, ((t + 1) * w.batch + b1) * gh);
            }
            forwardStep(w, t, b0, b1);
            if (projection > 0) {
                // h = m·W_hrᵀ: the gate math left m = o ⊙ tanh(c) in block t of M.
                g.mult(rows, projection, hidden, w.m, (t * w.batch + b0) * hidden, w.whrTPacked, null, w.states[0],
                        (t + 1) * nOut + b0 * projection);
            }
            if (w.mask != null) {
                carryMaskedRows(w, t, b0, b1);
            }
        }
        w.touched = touched;
    }

    /**
     * Reads one value of every cache line of a[from, to), in four independent sums: rows written long before and gone to
     * L3 (the next step's rows of XP in the forward pass, the previous step's cache and gradient rows in the backward)
     * come in many at a time instead of stalling the kernels' first loads one group of rows after another: LSTM N32
     * H128 T100 took 0.96–0.97× the time (CellPairBenchmark, three runs), other shapes within ±2.5%. The sum means
     * nothing; returned so that the reads are not dropped.
     */
    private static double touch(double[] a, int from, int to) {
        final int line = Alignment.LINE / Precision.FLOAT64.bytes();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 * line < to; i += 4 * line) {
            s0 += a[i];
            s1 += a[i + line];
            s2 += a[i + 2 * line];
            s3 += a[i + 3 * line];
        }
        for (; i < to; i += line) {
            s0 += a[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** Back-propagation through the last {@code window} steps for samples [b0, b1). */
    private void backwardSteps(Workspace w, GemmF64 g, double[] dOut, int window, int b0, int b1) {
        double[] dh = w.dState[0];
        double touched = 0;
        for (int t = w.steps - 1; t >= w.steps - window; t--) {
            enterStepBack(w, dOut, t, b0, b1);
            if (projection > 0) {
                projectBack(w, g, t, b0, b1);
            }
            backwardStep(w, t, b0, b1);
            if (t > w.steps - window) { // the previous step's cache and gradient rows, while this step's product runs
                touched += touch(w.cache, ((t - 1) * w.batch + b0) * cacheWidth, ((t - 1) * w.batch + b1) * cacheWidth)
                        + touch(w.dxp, ((t - 1) * w.batch + b0) * gradStride, ((t - 1) * w.batch + b1) * gradStride);
            }
            g.multAdd(b1 - b0, hWidth, gh, w.dhp, (t * w.batch + b0) * gradStride, gradStride, w.whhPacked, dh, b0 * hWidth);
            if (w.mask != null) {
                restoreMaskedRows(w, t, b0, b1);
            }
        }
        w.touched = touched;
    }

    /**
     * Back through {@code h = m·W_hrᵀ} at step t: keeps ∂L/∂h in block t of dH for ∂W_hr, puts {@code ∂L/∂m = ∂L/∂h·W_hr}
     * where the gate math reads it, and zeroes ∂L/∂h: its part from before step t comes only through W_hh, which the
     * skeleton adds after the gate math.
     */
    private void projectBack(Workspace w, GemmF64 g, int t, int b0, int b1) {
        int from = b0 * projection;
        int length = (b1 - b0) * projection;
        System.arraycopy(w.dState[0], from, w.dh, t * w.batch * projection + from, length);
        g.mult(b1 - b0, hidden, projection, w.dState[0], from, w.whrPacked, null, w.dm, b0 * hidden);
        Arrays.fill(w.dState[0], from, from + length, 0);
    }

    private void carryMaskedRows(Workspace w, int t, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            if (!w.mask.valid(t, b)) {
                for (int k = 0; k < stateCount; k++) {
                    int width = widths[k];
                    int nk = w.batch * width;
                    System.arraycopy(w.states[k], t * nk + b * width, w.states[k], (t + 1) * nk + b * width, width);
                }
            }
        }
    }

    private void setAsideMaskedRows(Workspace w, int t, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            if (!w.mask.valid(t, b)) {
                for (int k = 0; k < stateCount; k++) {
                    int width = widths[k];
                    System.arraycopy(w.dState[k], b * width, w.dAside[k], b * width, width);
                    Arrays.fill(w.dState[k], b * width, (b + 1) * width, 0);
                }
            }
        }
    }

    private void restoreMaskedRows(Workspace w, int t, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            if (!w.mask.valid(t, b)) {
                for (int k = 0; k < stateCount; k++) {
                    int width = widths[k];
                    System.arraycopy(w.dAside[k], b * width, w.dState[k], b * width, width);
                }
            }
        }
    }

    /**
     * The column sums of m[rows × G·H] (bias gradients): a plain loop rather than a product with a row of ones, whose
     * single-row Vector API kernel runs rarely enough to stay interpreted (and allocate) long.
     * m is read from memory (written long before, by the backward steps): the cores sum halves of the columns, each
     * column in row order as on one core, so the bits do not depend on the number of cores.
     */
    private double[] columnSums(double[] m, int rows) {
        double[] sums = new double[gh];
        int parts = Math.min(stepGemms.length, (long) rows * gh >= 1 << 16 ? gh / 64 : 1);
        if (parts <= 1) {
            addColumns(m, rows, 0, gh, sums);
        } else {
            IntStream.range(0, parts).parallel().forEach(p -> addColumns(m, rows, gh * p / parts, gh * (p + 1) / parts, sums));
        }
        return sums;
    }

    /** Four rows at a time, each column in row order: the sums make a quarter of the trips through L1. */
    private void addColumns(double[] m, int rows, int j0, int j1, double[] sums) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int b0 = r * gradStride;
            int b1 = b0 + gradStride;
            int b2 = b1 + gradStride;
            int b3 = b2 + gradStride;
            for (int j = j0; j < j1; j++) {
                sums[j] = sums[j] + m[b0 + j] + m[b1 + j] + m[b2 + j] + m[b3 + j];
            }
        }
        for (; r < rows; r++) {
            int base = r * gradStride;
            for (int j = j0; j < j1; j++) {
                sums[j] += m[base + j];
            }
        }
    }

    private Workspace workspace(int batch, int steps) {
        if (ws == null || ws.batch != batch || ws.steps != steps) {
            ws = null; // let the old tape go before allocating the new one
            ws = new Workspace(batch, steps);
        }
        return ws;
    }

    /** Buffers of one (batch, steps) shape; the backward half is allocated on the first backward call. */
    protected final class Workspace {
        /** What {@link #touch} read, kept so that the reads stay (never used). */
        double touched;
        final int batch;
        final int steps;
        final double[] x;
        final double[] xp;
        /** states[k]: [(T+1)·N, width_k], block t = state k entering step t. */
        final double[][] states;
        /** With a projection, M [T·N, H]: block t holds m = o ⊙ tanh(c) of step t, which h projects; else null. */
        final double[] m;
        /** The values kept for backward, [T·N, cacheWidth]: XP itself where the gates overwrite their pre-activations. */
        final double[] cache;
        /** The recurrent projection of the current step, [N, G·H], where it does not go into XP (GRU); else null. */
        final double[] hp;
        /** b_ih + b_hh, the input projection's first row where the recurrent products go into XP; else null. */
        private final double[] biasSum;
        /** W_ihᵀ for the input projection; W_hhᵀ and W_hh for the per-step products (packed once per pass). */
        GemmF64.Packed wihTPacked;
        GemmF64.Packed whhTPacked;
        GemmF64.Packed whhPacked;
        /** W_ih for ∂L/∂X (packed once per backward pass). */
        GemmF64.Packed wihPacked;
        /** W_hrᵀ for h = m·W_hrᵀ, and W_hr for ∂m = ∂h·W_hr (with a projection). */
        GemmF64.Packed whrTPacked;
        GemmF64.Packed whrPacked;
        /** [N, H] scratch for the gate math, a row per sample (parts of the batch run concurrently). */
        final double[] row;
        double[] dxp;
        double[] dhp;
        /** With a projection, dH [T·N, P]: block t holds ∂L/∂h after step t, for ∂W_hr. */
        double[] dh;
        /** With a projection, ∂L/∂m of the current step, [N, H]. */
        double[] dm;
        double[][] dState;
        double[][] dAside;
        Mask mask;

        Workspace(int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            // Sizes in long arithmetic, checked against the array limit and the heap before anything is allocated.
            String what = "T " + steps + ", N " + batch + ", X " + inputSize + ", G·H " + gh + ": ";
            long rows = (long) steps * batch;
            int xLength = Memory.arrayLength(what + "the input copy [T·N, X]", rows, inputSize);
            int xpLength = Memory.arrayLength(what + "the input projection [T·N, G·H]", rows, gh);
            int[] stateLengths = new int[stateCount];
            long values = (long) xLength + xpLength;
            for (int k = 0; k < stateCount; k++) {
                stateLengths[k] = Memory.arrayLength(what + "the states [(T+1)·N, " + widths[k] + "]", steps + 1L, batch, widths[k]);
                values += stateLengths[k];
            }
            int cacheLength = cacheInXp ? 0 : Memory.arrayLength(what + "the gate cache [T·N, " + cacheWidth + "]", rows, cacheWidth);
            int mLength = projection > 0 ? Memory.arrayLength(what + "the outputs before the projection, m [T·N, H]", rows, hidden) : 0;
            values += cacheLength + mLength + (recurrentIntoXp ? 0 : (long) batch * gh) + (long) batch * hidden;
            Memory.require("the forward tape of " + what.substring(0, what.length() - 2) + " (shorten T, split the batch, or use "
                    + "truncated BPTT)", values * Precision.FLOAT64.bytes());
            this.x = new double[xLength];
            this.xp = new double[xpLength];
            this.states = new double[stateCount][];
            for (int k = 0; k < stateCount; k++) {
                states[k] = new double[stateLengths[k]];
            }
            this.m = projection > 0 ? new double[mLength] : null;
            this.cache = cacheInXp ? xp : new double[cacheLength];
            this.hp = recurrentIntoXp ? null : new double[batch * gh];
            this.biasSum = recurrentIntoXp && bias ? new double[gh] : null;
            this.row = new double[batch * hidden];
        }

        /** b_ih + b_hh into {@link #biasSum}. */
        double[] biasSum(double[] bih, double[] bhh) {
            for (int j = 0; j < gh; j++) {
                biasSum[j] = bih[j] + bhh[j];
            }
            return biasSum;
        }

        /**
         * Where the gate math writes h of step t (its H values before any projection): states[0] block t+1, or with a
         * projection M block t, from which the skeleton projects h.
         */
        double[] unprojected() {
            return m != null ? m : states[0];
        }

        /** The offset of step t's block in {@link #unprojected()}; sample b's row is {@code b·H} further. */
        int unprojectedOffset(int t) {
            return (m != null ? t : t + 1) * batch * hidden;
        }

        /** Where the gate math back reads ∂L/∂(h before any projection), [N, H]: dState[0], or with a projection ∂L/∂m. */
        double[] dUnprojected() {
            return dm != null ? dm : dState[0];
        }

        /** Allocates the backward half once; the gate math writes every value of the window's steps. */
        void prepareBackward(int window) {
            int rows = steps * batch;
            if (dxp == null) {
                int length = Memory.arrayLength("T " + steps + ", N " + batch + ": the gate gradients [T·N, " + gradStride + "]", rows,
                        gradStride);
                int dhLength = projection > 0 ? Memory.arrayLength("T " + steps + ", N " + batch + ": the gradients of h [T·N, "
                        + projection + "]", rows, projection) : 0;
                Memory.require("the backward pass of T " + steps + ", N " + batch + ", G·H " + gh + " (shorten T, split the batch, or "
                        + "use truncated BPTT)", ((separateRecurrentGrad ? 2L : 1L) * length + dhLength) * Precision.FLOAT64.bytes());
                dxp = new double[length];
                dhp = separateRecurrentGrad ? new double[length] : dxp;
                dh = projection > 0 ? new double[dhLength] : null;
                dm = projection > 0 ? new double[batch * hidden] : null;
                dState = new double[stateCount][];
                dAside = new double[stateCount][];
                for (int k = 0; k < stateCount; k++) {
                    dState[k] = new double[batch * widths[k]];
                    dAside[k] = new double[batch * widths[k]];
                }
            } else {
                // Steps before a truncation window must contribute nothing to the all-steps products.
                int before = (steps - window) * batch * gradStride;
                Arrays.fill(dxp, 0, before, 0);
                if (separateRecurrentGrad) {
                    Arrays.fill(dhp, 0, before, 0);
                }
                if (projection > 0) {
                    Arrays.fill(dh, 0, (steps - window) * batch * projection, 0);
                }
            }
        }
    }
}
