package org.rnnlab.api.seq;

/**
 * The five ways a recurrent model maps inputs to outputs (Karpathy 2015, "The Unreasonable Effectiveness of
 * Recurrent Neural Networks"), as typed configurations for {@link SequenceModel}. Shapes: X input features, O outputs.
 */
public sealed interface SequenceMode {

    /**
     * One input vector [N, X] to one output [N, O]: a single recurrent step from the initial state.
     * <pre>{@code
     * var model = new SequenceModel(net, head, new SequenceMode.OneToOne());
     * Tensor y = model.forward(x, null, null).output();             // x [N, X] → y [N, O]
     * }</pre>
     */
    record OneToOne() implements SequenceMode {
    }

    /**
     * One input vector [N, X] to an output sequence [T, N, O] of {@code outputSteps} steps.
     * <pre>{@code
     * var model = new SequenceModel(net, head, new SequenceMode.OneToMany(6, SequenceMode.Feed.FEED_BACK_OUTPUT));
     * var p = model.forward(x, targets, null);                      // training: teacher forcing with targets [6, N, O]
     * Tensor generated = model.generate(x);                         // inference: its own outputs fed back, [6, N, O]
     * }</pre>
     *
     * @param outputSteps T, ≥ 1
     * @param feed        what the network reads at steps after the first
     */
    record OneToMany(int outputSteps, Feed feed) implements SequenceMode {
        /** Validates the fields. */
        public OneToMany {
            if (outputSteps < 1) {
                throw new IllegalArgumentException("outputSteps must be >= 1, got " + outputSteps);
            }
            if (feed == null) {
                throw new IllegalArgumentException("feed must be REPEAT_INPUT or FEED_BACK_OUTPUT");
            }
        }
    }

    /** What a one-to-many model reads after its first step. */
    enum Feed {
        /** The same input vector at every step. */
        REPEAT_INPUT,
        /**
         * The input vector at step 0, then its own previous output (O must equal X). Trained with teacher forcing
         * (Williams and Zipser 1989): during training step t reads the target of step t − 1; {@link SequenceModel#generate}
         * feeds back the predictions themselves.
         */
        FEED_BACK_OUTPUT
    }

    /**
     * An input sequence [T, N, X] to one output [N, O], read from the final state: the state after each sequence's
     * last real step (masks), merged with the reverse direction's state after step 0 for a bidirectional network.
     * <pre>{@code
     * var model = new SequenceModel(net, head, new SequenceMode.ManyToOne());
     * Tensor y = model.forward(x, null, Mask.ofLengths(T, lengths)).output();   // x [T, N, X] → y [N, O]
     * }</pre>
     */
    record ManyToOne() implements SequenceMode {
    }

    /**
     * An input sequence [T, N, X] to an output at every step [T, N, O] (masked steps are not scored).
     * <pre>{@code
     * var model = new SequenceModel(net, head, new SequenceMode.ManyToManySynced());
     * var p = model.forward(x, null, mask);                                    // p.output() [T, N, O]
     * var loss = new SoftmaxCrossEntropy().evaluate(p.output(), classes, mask); // classes [T, N]
     * }</pre>
     */
    record ManyToManySynced() implements SequenceMode {
    }

    /**
     * An input sequence [T, N, X] to an output sequence [T, N, O] that lags it by {@code delay} steps: the network
     * reads the T input steps followed by {@code delay} blank (zero) steps, and the output for target step t is read
     * at network step t + delay. The early steps act as the encoder, the late ones as the decoder; with
     * {@code delay ≥ T} reading and emitting do not overlap at all (the encoder–decoder picture of Sutskever et al. 2014).
     *
     * <pre>{@code
     * var model = new SequenceModel(net, head, new SequenceMode.ManyToManyUnsynced(3));
     * Tensor echo = model.forward(x, null, null).output();          // echo[t] is read 3 steps after x[t] was
     * }</pre>
     *
     * @param delay d ≥ 0 (0 is the synced mode)
     */
    record ManyToManyUnsynced(int delay) implements SequenceMode {
        /** Validates the delay. */
        public ManyToManyUnsynced {
            if (delay < 0) {
                throw new IllegalArgumentException("delay must be >= 0, got " + delay);
            }
        }
    }
}
