package org.rnnlab.api.layers;

import org.rnnlab.api.CellSpec;

/**
 * A recurrent network as {@code torch.nn.RNN/GRU/LSTM(num_layers, bidirectional, dropout)}: {@code layers} stacked
 * layers of one cell kind, each forward or bidirectional, with dropout between layers.
 *
 * @param cell        the first layer's cell: kind, X, H, projection, precision, initialization, seed. Layer l &gt; 0 reads the
 *                    previous layer's merged output ({@link #outputSize()} features). Each layer and direction draws
 *                    its parameters from its own seed derived from {@code cell.seed()}.
 * @param layers      number of stacked layers, ≥ 1
 * @param direction   forward only, or bidirectional
 * @param merge       how a bidirectional layer combines its two outputs (ignored when forward only)
 * @param dropout     probability of zeroing a unit of each layer's output except the last's, in [0, 1), applied only in
 *                    {@link Phase#TRAINING} with inverted scaling 1/(1 − p) (as PyTorch)
 * @param dropoutSeed seed of the dropout masks: the same seed replays the same masks
 */
public record NetworkSpec(CellSpec cell, int layers, Direction direction, Merge merge, double dropout, long dropoutSeed) {

    /** Validates every field. */
    public NetworkSpec {
        if (cell == null || direction == null || merge == null) {
            throw new IllegalArgumentException("cell, direction and merge must not be null");
        }
        if (layers < 1 || layers > 64) {
            throw new IllegalArgumentException("layers must be in [1, 64], got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** One forward layer of {@code cell}, no dropout. */
    public static NetworkSpec of(CellSpec cell) {
        return new NetworkSpec(cell, 1, Direction.FORWARD, Merge.CONCAT, 0.0, cell.seed());
    }

    /** Returns a copy with {@code n} stacked layers. */
    public NetworkSpec withLayers(int n) {
        return new NetworkSpec(cell, n, direction, merge, dropout, dropoutSeed);
    }

    /** Returns a bidirectional copy that merges the two directions with {@code how}. */
    public NetworkSpec bidirectional(Merge how) {
        return new NetworkSpec(cell, layers, Direction.BIDIRECTIONAL, how, dropout, dropoutSeed);
    }

    /** Returns a copy with dropout {@code p} between layers and masks drawn from {@code seed}. */
    public NetworkSpec withDropout(double p, long seed) {
        return new NetworkSpec(cell, layers, direction, merge, p, seed);
    }

    /** 1 or 2. */
    public int directions() {
        return direction == Direction.BIDIRECTIONAL ? 2 : 1;
    }

    /**
     * Features per step of each layer's output: the cell's {@link CellSpec#outputSize()} O (H, or P with a projection), or
     * 2·O for a concatenating bidirectional layer.
     */
    public int outputSize() {
        return direction == Direction.BIDIRECTIONAL ? merge.width(cell.outputSize()) : cell.outputSize();
    }

    /** The cell spec of layer {@code layer}, direction {@code dir} (0 forward, 1 reverse). */
    public CellSpec cellSpec(int layer, int dir) {
        // Layer 0 forward uses the cell's own seed, so a one-layer network equals the bare cell.
        long seed = layer == 0 && dir == 0 ? cell.seed() : cell.seed() ^ (0x9E3779B97F4A7C15L * (2L * layer + dir));
        return new CellSpec(cell.kind(), layer == 0 ? cell.inputSize() : outputSize(), cell.hiddenSize(), cell.nonlinearity(),
                cell.bias(), cell.precision(), cell.initialization(), seed, cell.settings(), cell.projectionSize());
    }
}
