package org.rnnlab.api;

import java.util.SplittableRandom;

/**
 * Draws a cell's parameters from its {@link CellSpec#initialization()} and {@link CellSpec#seed()}.
 *
 * <p>Deterministic: one {@link SplittableRandom} seeded with the spec's seed is consumed in layout order,
 * element by element in row-major order, so every backend starts from the same values. Schemes apply per
 * gate block of H rows:
 * <ul>
 *   <li>PyTorch uniform: U(−1/√H, 1/√H) ({@code torch.nn.RNNBase.reset_parameters});</li>
 *   <li>Xavier uniform: U(−a, a), a = gain·√(6/(fan_in + H)) (Glorot and Bengio 2010);</li>
 *   <li>orthogonal: Gram–Schmidt on a Gaussian block, times gain (Saxe et al. 2014);</li>
 *   <li>scaled identity: gain·I (Le, Jaitly and Hinton 2015, IRNN);</li>
 *   <li>LSTM forget-gate bias: rows H..2H of {@code bias_ih} set to the value and of {@code bias_hh} to 0.</li>
 * </ul>
 */
public final class ParameterInitializer {
    private ParameterInitializer() {
    }

    /** Fills every tensor of {@code params} for {@code spec}. */
    public static void initialize(CellSpec spec, Parameters params) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Initialization init = spec.initialization();
        int h = spec.hiddenSize();
        double k = 1.0 / Math.sqrt(h);
        for (ParameterShape p : params.layout()) {
            Tensor t = params.get(p.name());
            switch (p.role()) {
                case INPUT_WEIGHT -> fillWeight(t, p, init.inputWeights(), init.gain(), k, rnd);
                case RECURRENT_WEIGHT -> fillWeight(t, p, init.recurrentWeights(), init.gain(), k, rnd);
                case BIAS -> fillBias(t, init.biases(), k, rnd);
                case OTHER -> uniform(t, 0, t.size(), k, rnd);
            }
        }
        if (init.forgetGateBias().isPresent() && CellKinds.LSTM.equals(spec.kind())) {
            double v = init.forgetGateBias().getAsDouble();
            for (ParameterShape p : params.layout()) {
                if (p.role() == ParameterRole.BIAS) {
                    Tensor b = params.get(p.name());
                    boolean inputSide = p.name().startsWith("bias_ih");
                    for (int r = h; r < 2 * h; r++) {
                        b.set(r, inputSide ? v : 0.0);
                    }
                }
            }
        }
    }

    private static void fillBias(Tensor t, BiasInit scheme, double k, SplittableRandom rnd) {
        if (scheme == BiasInit.PYTORCH_UNIFORM) {
            uniform(t, 0, t.size(), k, rnd);
        }
    }

    private static void fillWeight(Tensor t, ParameterShape p, WeightInit scheme, double gain, double k,
                                   SplittableRandom rnd) {
        int rows = t.dim(0);
        int cols = t.rank() > 1 ? t.dim(1) : 1;
        int blockRows = rows / p.gates();
        for (int g = 0; g < p.gates(); g++) {
            int off = g * blockRows * cols;
            switch (scheme) {
                case PYTORCH_UNIFORM -> uniform(t, off, blockRows * cols, k, rnd);
                case XAVIER_UNIFORM -> uniform(t, off, blockRows * cols, gain * Math.sqrt(6.0 / (cols + blockRows)), rnd);
                case ORTHOGONAL -> orthogonal(t, off, blockRows, cols, gain, rnd);
                case SCALED_IDENTITY -> identity(t, p, off, blockRows, cols, gain);
            }
        }
    }

    private static void uniform(Tensor t, int off, int n, double a, SplittableRandom rnd) {
        for (int i = 0; i < n; i++) {
            t.set(off + i, (2 * rnd.nextDouble() - 1) * a);
        }
    }

    private static void identity(Tensor t, ParameterShape p, int off, int rows, int cols, double gain) {
        if (t.rank() == 1 && p.role() == ParameterRole.RECURRENT_WEIGHT) {
            // One recurrent weight per unit (a diagonal recurrence, IndRNN's u): the identity's diagonal.
            for (int r = 0; r < rows; r++) {
                t.set(off + r, gain);
            }
            return;
        }
        if (rows != cols) {
            throw new IllegalArgumentException("scaled identity needs square gate blocks, but " + p.name() + " has blocks of "
                    + rows + "x" + cols);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.set(off + r * cols + c, r == c ? gain : 0.0);
            }
        }
    }

    /**
     * A rows×cols block with orthonormal columns (rows ≥ cols) or rows (rows &lt; cols), by modified
     * Gram–Schmidt with one re-orthogonalisation pass, times gain.
     */
    private static void orthogonal(Tensor t, int off, int rows, int cols, double gain, SplittableRandom rnd) {
        boolean tall = rows >= cols;
        int vecs = tall ? cols : rows;
        int len = tall ? rows : cols;
        double[][] v = new double[vecs][len];
        for (double[] vec : v) {
            for (int i = 0; i < len; i++) {
                vec[i] = rnd.nextGaussian();
            }
        }
        for (int j = 0; j < vecs; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    double dot = 0;
                    for (int e = 0; e < len; e++) {
                        dot += v[i][e] * v[j][e];
                    }
                    for (int e = 0; e < len; e++) {
                        v[j][e] -= dot * v[i][e];
                    }
                }
            }
            double norm = 0;
            for (int e = 0; e < len; e++) {
                norm += v[j][e] * v[j][e];
            }
            norm = Math.sqrt(norm);
            for (int e = 0; e < len; e++) {
                v[j][e] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.set(off + r * cols + c, gain * (tall ? v[c][r] : v[r][c]));
            }
        }
    }
}
