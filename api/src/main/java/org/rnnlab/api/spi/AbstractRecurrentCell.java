package org.rnnlab.api.spi;

import java.util.Arrays;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Mask;
import org.rnnlab.api.NonFiniteValueException;
import org.rnnlab.api.ParameterInitializer;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/**
 * Base of every backend's cell: owns the parameters, validates every argument once (shapes, precision,
 * non-finite values) with messages that say what is wrong and how to fix it, and guards the pass life cycle,
 * so that backends implement only the math.
 *
 * @param <P> the backend's forward-pass type
 */
public abstract class AbstractRecurrentCell<P extends AbstractRecurrentCell.Pass> implements RecurrentCell {
    private final CellSpec spec;
    private final Parameters parameters;
    private final int stateCount;
    private long generation;

    /** Creates the parameters for {@code layout} and draws them from the spec's initialization and seed. */
    protected AbstractRecurrentCell(CellSpec spec, List<ParameterShape> layout, int stateCount) {
        if (stateCount < 1) {
            throw new IllegalArgumentException("a cell needs at least one state tensor, got " + stateCount);
        }
        this.spec = spec;
        this.stateCount = stateCount;
        this.parameters = new Parameters(layout, spec.precision());
        ParameterInitializer.initialize(spec, parameters);
    }

    @Override
    public final CellSpec spec() {
        return spec;
    }

    @Override
    public final Parameters parameters() {
        return parameters;
    }

    @Override
    public final int stateCount() {
        return stateCount;
    }

    @Override
    public final ForwardPass forward(Tensor input, State initial, Mask mask) {
        checkInput(input);
        int steps = input.dim(0);
        int batch = input.dim(1);
        State init = initial == null ? State.zeros(this, batch) : initial;
        checkState("initial state", init, batch);
        if (mask != null) {
            mask.checkFits("input", steps, batch);
        }
        Mask effective = mask == null || mask.allValid() ? null : mask;
        generation++;
        P pass = doForward(input, init, effective);
        Pass stamped = pass; // private fields are not reachable through the type variable
        stamped.owner = this;
        stamped.generation = generation;
        stamped.mask = effective;
        if (pass.steps() != steps || pass.batch() != batch) {
            throw new IllegalStateException(backend() + " returned a pass of " + pass.steps() + " steps, batch " + pass.batch()
                    + " for an input of " + steps + " steps, batch " + batch + " (a backend bug)");
        }
        if (effective != null) {
            zeroMaskedSteps(pass.output(), effective);
        }
        return pass;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Gradients backward(ForwardPass pass, Upstream upstream) {
        if (!(pass instanceof Pass p) || p.owner != this) {
            throw new IllegalArgumentException("this forward pass was made by another cell; pass the result of this cell's forward()");
        }
        if (p.generation != generation) {
            throw new IllegalStateException("this forward pass is stale: the cell ran forward again since, and reuses its "
                    + "workspace; call backward before the next forward, or use one cell per concurrent sequence");
        }
        if (upstream == null) {
            throw new IllegalArgumentException("upstream gradients are required (Upstream.ofOutput, ofFinalState or of)");
        }
        int steps = p.steps();
        int batch = p.batch();
        int out = outputSize();
        Tensor gradOutput = upstream.gradOutput();
        if (gradOutput == null) {
            gradOutput = Tensor.zeros(spec.precision(), steps, batch, out);
        } else {
            checkTensor("gradOutput", gradOutput, steps, batch, out);
        }
        State gradFinal = upstream.gradFinal();
        if (gradFinal == null) {
            gradFinal = State.zeros(this, batch);
        } else {
            checkState("gradFinal", gradFinal, batch);
        }
        if (upstream.window() > steps) {
            throw new IllegalArgumentException("truncation window " + upstream.window() + " exceeds the pass's " + steps
                    + " steps; use a window in [1, " + steps + "] or 0 for full BPTT");
        }
        int window = upstream.window() == 0 ? steps : upstream.window();
        if (p.mask != null) {
            // Masked outputs are constant 0: their gradients go nowhere.
            gradOutput = gradOutput.copy();
            zeroMaskedSteps(gradOutput, p.mask);
        }
        return doBackward((P) p, gradOutput, gradFinal, window);
    }

    /**
     * The forward math. Arguments are validated: {@code input} is [T, N, X] in the cell's precision and finite,
     * {@code initial} has {@link #stateCount()} finite tensors, tensor k [N, {@link #stateSize(int) stateSize(k)}]. Must
     * not modify them. The output is [T, N, {@link #outputSize()}]. {@code mask} is
     * {@code null} when every step is real; otherwise a masked (t, n) must carry every state tensor of row n unchanged
     * from step t to t+1 (the caller zeroes the masked outputs afterwards).
     */
    protected abstract P doForward(Tensor input, State initial, Mask mask);

    /**
     * The backward math. {@code gradOutput} [T, N, outputSize] (zero at masked steps) and {@code gradFinal} are validated and
     * never null; {@code window} is in [1, T]: back-propagate through steps T−window … T−1 only. At a masked (t, n)
     * the state gradient passes through unchanged and nothing else receives a contribution; {@link Pass#mask()}
     * holds the mask.
     */
    protected abstract Gradients doBackward(P pass, Tensor gradOutput, State gradFinal, int window);

    private static void zeroMaskedSteps(Tensor seq, Mask mask) {
        int n = seq.dim(1);
        int h = seq.dim(2);
        for (int t = 0; t < seq.dim(0); t++) {
            for (int b = 0; b < n; b++) {
                if (!mask.valid(t, b)) {
                    int off = (t * n + b) * h;
                    for (int j = 0; j < h; j++) {
                        seq.set(off + j, 0.0);
                    }
                }
            }
        }
    }

    private void checkInput(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("input is null; pass a [T, N, X] tensor");
        }
        if (input.rank() != 3) {
            throw new IllegalArgumentException("input must be [T, N, X] (steps, batch, " + spec.inputSize() + " features), got shape "
                    + Arrays.toString(input.shape()));
        }
        if (input.dim(0) < 1 || input.dim(1) < 1) {
            throw new IllegalArgumentException("input needs at least one step and one sequence, got shape " + Arrays.toString(input.shape()));
        }
        if (input.dim(2) != spec.inputSize()) {
            throw new IllegalArgumentException("input has " + input.dim(2) + " features per step but the cell's inputSize is "
                    + spec.inputSize() + " (input shape " + Arrays.toString(input.shape()) + ")");
        }
        checkPrecisionAndFinite("input", input);
    }

    private void checkState(String what, State state, int batch) {
        if (state.size() != stateCount) {
            throw new IllegalArgumentException(what + " has " + state.size() + " tensors but a " + spec.kind() + " cell has "
                    + stateCount + (stateCount == 2 ? " (h and c)" : ""));
        }
        for (int k = 0; k < stateCount; k++) {
            Tensor t = state.get(k);
            int width = stateSize(k);
            if (!t.hasShape(batch, width)) {
                throw new IllegalArgumentException(what + "[" + k + "] must have shape " + Arrays.toString(new int[] {batch, width})
                        + " (" + describeWidth(k, width) + "), got " + Arrays.toString(t.shape()));
            }
            checkPrecisionAndFinite(what + "[" + k + "]", t);
        }
    }

    /** What the width of state tensor k is, for messages: a projected h says so, as PyTorch's proj_size confuses readers. */
    private String describeWidth(int k, int width) {
        String name = k == 0 ? "h" : stateCount == 2 && k == 1 ? "c" : "state " + k;
        if (k == 0 && spec.projectionSize() > 0) {
            return name + " has the projection's " + width + " values per sample, not hiddenSize " + spec.hiddenSize();
        }
        return name + " has " + width + " values per sample";
    }

    private void checkTensor(String what, Tensor t, int... shape) {
        if (!t.hasShape(shape)) {
            throw new IllegalArgumentException(what + " must have shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(t.shape()));
        }
        checkPrecisionAndFinite(what, t);
    }

    private void checkPrecisionAndFinite(String what, Tensor t) {
        if (t.precision() != spec.precision()) {
            throw new IllegalArgumentException(what + " is " + t.precision().id() + " but the cell is " + spec.precision().id()
                    + "; convert it with tensor.to(Precision." + spec.precision().name() + ")");
        }
        int bad = t.firstNonFinite();
        if (bad >= 0) {
            throw new NonFiniteValueException(what + " contains " + t.get(bad) + " at " + t.indexString(bad)
                    + "; rnnlab rejects non-finite values: clean the data, or mask that step");
        }
    }

    /**
     * A forward pass: the caller's copies of output and final state, plus whatever the backend's subclass keeps
     * for backward.
     */
    public static class Pass implements ForwardPass {
        private final Tensor output;
        private final State finalState;
        private AbstractRecurrentCell<?> owner;
        private long generation;
        private Mask mask;

        /**
         * @param output     [T, N, outputSize], owned by the caller from now on
         * @param finalState the state after the last step, owned by the caller
         */
        public Pass(Tensor output, State finalState) {
            this.output = output;
            this.finalState = finalState;
        }

        @Override
        public final Tensor output() {
            return output;
        }

        @Override
        public final State finalState() {
            return finalState;
        }

        @Override
        public final int steps() {
            return output.dim(0);
        }

        @Override
        public final int batch() {
            return output.dim(1);
        }

        @Override
        public final Mask mask() {
            return mask;
        }
    }
}
