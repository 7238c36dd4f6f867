package org.rnnlab.api.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.Parameters;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

/**
 * A linear projection {@code y = x·Wᵀ + b} on the last axis, as {@code torch.nn.Linear}: parameters {@code weight}
 * [O, F] and {@code bias} [O], drawn U(−1/√F, 1/√F) (PyTorch's default) from a seed. Input [..., F], output [..., O].
 */
public final class LinearHead {
    private final int in;
    private final int out;
    private final Parameters parameters;

    /**
     * @param inputSize  F, features in
     * @param outputSize O, features out
     * @param precision  of the parameters and activations
     * @param seed       of the draw
     */
    public LinearHead(int inputSize, int outputSize, Precision precision, long seed) {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("a linear head needs inputSize and outputSize >= 1, got " + inputSize + " and " + outputSize);
        }
        this.in = inputSize;
        this.out = outputSize;
        this.parameters = new Parameters(List.of(new ParameterShape("weight", ParameterRole.OTHER, 1, outputSize, inputSize),
                new ParameterShape("bias", ParameterRole.BIAS, 1, outputSize)), precision);
        SplittableRandom r = new SplittableRandom(seed);
        double k = 1 / Math.sqrt(inputSize);
        for (String name : parameters.names()) {
            Tensor t = parameters.get(name);
            for (int i = 0; i < t.size(); i++) {
                t.set(i, (2 * r.nextDouble() - 1) * k);
            }
        }
    }

    /** F. */
    public int inputSize() {
        return in;
    }

    /** O. */
    public int outputSize() {
        return out;
    }

    /** {@code weight} [O, F] and {@code bias} [O], live. */
    public Parameters parameters() {
        return parameters;
    }

    /** y = x·Wᵀ + b for x [..., F]; returns [..., O]. */
    public Tensor forward(Tensor x) {
        int rows = checkInput(x);
        Tensor w = parameters.get(0);
        Tensor b = parameters.get(1);
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        double[] xs = x.toDoubleArray();
        double[] ws = w.toDoubleArray();
        double[] ys = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double sum = b.get(o);
                int wo = o * in;
                int xr = r * in;
                for (int f = 0; f < in; f++) {
                    sum += ws[wo + f] * xs[xr + f];
                }
                ys[r * out + o] = sum;
            }
        }
        Tensor y = Tensor.of(x.precision(), ys, shape);
        return y;
    }

    /** Gradients of the head for input x and ∂L/∂y. */
    public record Gradients(Tensor weight, Tensor bias, Tensor input) {
    }

    /** ∂L/∂W = gᵀ·x, ∂L/∂b = Σ g, ∂L/∂x = g·W, for x [..., F] and g [..., O]. */
    public Gradients backward(Tensor x, Tensor gradOutput) {
        int rows = checkInput(x);
        if (gradOutput.size() != rows * out) {
            throw new IllegalArgumentException("gradOutput must have " + rows + " rows of " + out + " values, got " + gradOutput);
        }
        Tensor w = parameters.get(0);
        // Sums in double over arrays (one rounding to the tensors' precision at the end), rows in order.
        double[] xs = x.toDoubleArray();
        double[] ws = w.toDoubleArray();
        double[] gs = gradOutput.toDoubleArray();
        double[] gws = new double[out * in];
        double[] gbs = new double[out];
        double[] gxs = new double[rows * in];
        for (int r = 0; r < rows; r++) {
            int xr = r * in;
            for (int o = 0; o < out; o++) {
                double g = gs[r * out + o];
                if (g == 0) {
                    continue;
                }
                gbs[o] += g;
                int wo = o * in;
                for (int f = 0; f < in; f++) {
                    gws[wo + f] += g * xs[xr + f];
                    gxs[xr + f] += g * ws[wo + f];
                }
            }
        }
        Tensor gw = Tensor.of(x.precision(), gws, out, in);
        Tensor gb = Tensor.of(x.precision(), gbs, out);
        Tensor gx = Tensor.of(x.precision(), gxs, x.shape());
        return new Gradients(gw, gb, gx);
    }

    private int checkInput(Tensor x) {
        if (x.dim(x.rank() - 1) != in) {
            throw new IllegalArgumentException("the head expects " + in + " features on the last axis, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return x.size() / in;
    }
}
