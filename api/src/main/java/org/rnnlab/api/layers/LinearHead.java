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
        Tensor y = Tensor.zeros(x.precision(), shape);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b.get(o);
                for (int f = 0; f < in; f++) {
                    s += w.get(o * in + f) * x.get(r * in + f);
                }
                y.set(r * out + o, s);
            }
        }
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
        Tensor gw = Tensor.zeros(x.precision(), out, in);
        Tensor gb = Tensor.zeros(x.precision(), out);
        Tensor gx = Tensor.zeros(x.precision(), x.shape());
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double g = gradOutput.get(r * out + o);
                if (g == 0) {
                    continue;
                }
                gb.set(o, gb.get(o) + g);
                for (int f = 0; f < in; f++) {
                    gw.set(o * in + f, gw.get(o * in + f) + g * x.get(r * in + f));
                    gx.set(r * in + f, gx.get(r * in + f) + g * w.get(o * in + f));
                }
            }
        }
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
