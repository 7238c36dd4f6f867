package org.rnnlab.api.spi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Memory;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * The generic unroller: runs any {@link StepCell} over a sequence and back-propagates through time (Werbos 1990), with
 * truncation (Williams and Peng 1990); storage and arithmetic in {@code double}, for specs of precision
 * {@link org.rnnlab.api.Precision#FLOAT64}.
 *
 * <p>The tape (inputs, states and the cell's cache for every step) lives in a workspace sized once per
 * (batch, steps) and reused by later calls of the same shape; nothing is allocated per step.
 */
final class UnrolledCell extends AbstractRecurrentCell<AbstractRecurrentCell.Pass> {
    /** Mixed into the spec's seed for {@link StepCell#initialize}: a stream apart from the standard draw's. */
    private static final long INITIALIZE_SEED = 0x5DEECE66DL;
    private final String backend;
    private final StepCell cell;
    private Workspace ws;

    UnrolledCell(CellSpec spec, String backend, StepCell cell) {
        super(spec, cell.layout(), cell.stateCount());
        this.backend = backend;
        this.cell = cell;
        cell.initialize(parameterArrays(), new SplittableRandom(spec.seed() ^ INITIALIZE_SEED));
        cell.constrain(parameterArrays()); // the initializer's draw may lie outside the feasible set
    }

    @Override
    public void constrainParameters() {
        cell.constrain(parameterArrays());
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    protected Pass doForward(Tensor input, State initial, Mask mask) {
        int steps = input.dim(0);
        int batch = input.dim(1);
        Workspace w = workspace(batch, steps);
        int h = spec().hiddenSize();
        int nx = batch * spec().inputSize();
        int nh = batch * h;
        double[] in = input.readDoubles();
        double[][] raw = parameterArrays();
        double[][] params = cell.prepare(raw);
        w.prepared = params == raw ? null : params;
        for (int k = 0; k < w.states[0].length; k++) {
            System.arraycopy(initial.get(k).readDoubles(), 0, w.states[0][k], 0, nh);
        }
        Step s = w.step;
        for (int t = 0; t < steps; t++) {
            System.arraycopy(in, t * nx, w.inputs, t * nx, nx);
            System.arraycopy(in, t * nx, s.x, 0, nx);
            for (int k = 0; k < s.previous.length; k++) {
                System.arraycopy(w.states[t][k], 0, s.previous[k], 0, nh);
            }
            cell.forward(params, s);
            for (int k = 0; k < s.next.length; k++) {
                System.arraycopy(s.next[k], 0, w.states[t + 1][k], 0, nh);
                if (mask != null) {
                    carryMaskedRows(mask, t, w.states[t][k], w.states[t + 1][k], h);
                }
            }
            System.arraycopy(s.cache, 0, w.caches[t], 0, s.cache.length);
        }
        double[] out = new double[steps * nh];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(w.states[t + 1][0], 0, out, t * nh, nh);
        }
        Tensor[] fin = new Tensor[stateCount()];
        for (int k = 0; k < fin.length; k++) {
            fin[k] = Tensor.wrap(w.states[steps][k].clone(), batch, h);
        }
        return new Pass(Tensor.wrap(out, steps, batch, h), State.of(fin));
    }

    @Override
    protected Gradients doBackward(Pass pass, Tensor gradOutput, State gradFinal, int window) {
        Workspace w = ws;
        int steps = pass.steps();
        int batch = pass.batch();
        int h = spec().hiddenSize();
        int nx = batch * spec().inputSize();
        int nh = batch * h;
        double[][] raw = parameterArrays();
        double[][] params = w.prepared == null ? raw : w.prepared;
        double[][] grads = new double[params.length][];
        for (int i = 0; i < params.length; i++) {
            grads[i] = new double[params[i].length];
        }
        double[] gradInput = new double[steps * nx];
        double[] dOut = gradOutput.readDoubles();
        double[][] carry = new double[stateCount()][];
        for (int k = 0; k < carry.length; k++) {
            carry[k] = gradFinal.get(k).readDoubles().clone();
        }
        Step s = w.step;
        Mask mask = pass.mask();
        for (int t = steps - 1; t >= steps - window; t--) {
            System.arraycopy(w.inputs, t * nx, s.x, 0, nx);
            for (int k = 0; k < carry.length; k++) {
                System.arraycopy(w.states[t][k], 0, s.previous[k], 0, nh);
                System.arraycopy(w.states[t + 1][k], 0, s.next[k], 0, nh);
                double[] gn = s.gradNext[k];
                for (int i = 0; i < nh; i++) {
                    gn[i] = carry[k][i] + (k == 0 ? dOut[t * nh + i] : 0);
                }
                Arrays.fill(s.gradPrevious[k], 0);
                if (mask != null) {
                    // A skipped step is the identity: keep its gradient aside, and feed the cell zero there, which
                    // (backward being linear in gradNext) makes every contribution of that row zero.
                    System.arraycopy(gn, 0, carry[k], 0, nh);
                    zeroRows(mask, t, gn, h, false);
                }
            }
            System.arraycopy(w.caches[t], 0, s.cache, 0, s.cache.length);
            Arrays.fill(s.gradX, 0);
            cell.backward(params, s, grads);
            System.arraycopy(s.gradX, 0, gradInput, t * nx, nx);
            for (int k = 0; k < carry.length; k++) {
                if (mask != null) {
                    zeroRows(mask, t, carry[k], h, true); // keep only the skipped rows' pass-through gradient
                    for (int i = 0; i < nh; i++) {
                        carry[k][i] += s.gradPrevious[k][i];
                    }
                } else {
                    System.arraycopy(s.gradPrevious[k], 0, carry[k], 0, nh);
                }
            }
        }
        if (w.prepared != null) {
            double[][] paramGrads = new double[raw.length][];
            for (int i = 0; i < raw.length; i++) {
                paramGrads[i] = new double[raw[i].length];
            }
            cell.backwardPrepared(raw, w.prepared, grads, paramGrads);
            grads = paramGrads;
        }
        Tensor[] gradInit = new Tensor[carry.length];
        for (int k = 0; k < carry.length; k++) {
            gradInit[k] = window == steps ? Tensor.wrap(carry[k], batch, h) : Tensor.wrap(new double[nh], batch, h);
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int i = 0; i < grads.length; i++) {
            named.put(parameters().layout().get(i).name(), Tensor.wrap(grads[i], parameters().layout().get(i).dims()));
        }
        return new Gradients(named, Tensor.wrap(gradInput, steps, batch, spec().inputSize()), State.of(gradInit));
    }

    /** Rows n of {@code next} whose step t is masked get row n of {@code prev}: the state passes through. */
    private static void carryMaskedRows(Mask mask, int t, double[] prev, double[] next, int h) {
        for (int n = 0; n < mask.batch(); n++) {
            if (!mask.valid(t, n)) {
                System.arraycopy(prev, n * h, next, n * h, h);
            }
        }
    }

    /** Zeroes the rows of step t that are masked ({@code validRows} false) or real ({@code validRows} true). */
    private static void zeroRows(Mask mask, int t, double[] rows, int h, boolean validRows) {
        for (int n = 0; n < mask.batch(); n++) {
            if (mask.valid(t, n) == validRows) {
                Arrays.fill(rows, n * h, (n + 1) * h, 0);
            }
        }
    }

    private double[][] parameterArrays() {
        double[][] p = new double[parameters().count()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = parameters().get(i).readDoubles();
        }
        return p;
    }

    private Workspace workspace(int batch, int steps) {
        if (ws == null || ws.batch != batch || ws.steps != steps) {
            ws = new Workspace(spec(), cell, batch, steps);
        }
        return ws;
    }

    /** The tape of one (batch, steps) shape. */
    private static final class Workspace {
        final int batch;
        final int steps;
        final double[] inputs;
        final double[][][] states;
        final double[][] caches;
        final Step step;
        /** What {@link StepCell#prepare} returned for the latest forward pass, when not the parameters themselves. */
        double[][] prepared;

        Workspace(CellSpec spec, StepCell cell, int batch, int steps) {
            this.batch = batch;
            this.steps = steps;
            String what = "T " + steps + ", N " + batch + ", X " + spec.inputSize() + ", H " + spec.hiddenSize() + ": ";
            int in = Memory.arrayLength(what + "the input copy [T·N, X]", steps, batch, spec.inputSize());
            int state = Memory.arrayLength(what + "a state [N, H]", batch, spec.hiddenSize());
            int cache = Memory.arrayLength(what + "a step's cache [N, " + cell.cacheWidth() + "]", batch, cell.cacheWidth());
            long values = in + ((long) steps + 1) * cell.stateCount() * state + (long) steps * cache + (long) steps * batch * spec.hiddenSize();
            Memory.require("the tape of " + spec.kind() + " " + what.substring(0, what.length() - 2) + " (shorten T, split the batch, or "
                    + "use truncated BPTT)", values * Double.BYTES);
            Memory.arrayLength(what + "the output [T·N, H]", steps, batch, spec.hiddenSize());
            this.inputs = new double[in];
            this.states = new double[steps + 1][cell.stateCount()][state];
            this.caches = new double[steps][cache];
            this.step = new Step(batch, spec.inputSize(), spec.hiddenSize(), cell.stateCount(), cell.cacheWidth());
        }
    }
}
