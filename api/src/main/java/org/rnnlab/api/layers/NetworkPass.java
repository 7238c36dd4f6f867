package org.rnnlab.api.layers;

import java.util.List;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Mask;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * A network's forward pass: the top layer's output [T, N, outputSize], the final state of every layer and
 * direction (index {@code layer · directions + dir}, as PyTorch's {@code h_n}), and what backward needs.
 */
public final class NetworkPass {
    private final RecurrentNetwork owner;
    private final Tensor output;
    private final List<State> finalStates;
    private final Mask mask;
    final ForwardPass[] cellPasses;
    final Tensor[] dropoutMasks;

    NetworkPass(RecurrentNetwork owner, Tensor output, List<State> finalStates, Mask mask, ForwardPass[] cellPasses,
                Tensor[] dropoutMasks) {
        this.owner = owner;
        this.output = output;
        this.finalStates = List.copyOf(finalStates);
        this.mask = mask;
        this.cellPasses = cellPasses;
        this.dropoutMasks = dropoutMasks;
    }

    RecurrentNetwork owner() {
        return owner;
    }

    /** The top layer's merged output, [T, N, outputSize]; zero at masked steps. */
    public Tensor output() {
        return output;
    }

    /** Final state of layer l, direction d at index {@code l · directions + d}; the reverse direction's is after step 0. */
    public List<State> finalStates() {
        return finalStates;
    }

    /** The mask, or null. */
    public Mask mask() {
        return mask;
    }

    /** The inverted-dropout multipliers applied to layer l's output (0 or 1/(1 − p)), or null when none was drawn. */
    public Tensor dropoutMask(int layer) {
        return dropoutMasks[layer];
    }
}
