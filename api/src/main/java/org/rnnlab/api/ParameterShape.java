package org.rnnlab.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Name, role and shape of one parameter tensor.
 *
 * <p>Built-in cells follow {@code torch.nn.RNN/GRU/LSTM} exactly: {@code weight_ih_l0} [G·H, X],
 * {@code weight_hh_l0} [G·H, H], {@code bias_ih_l0} [G·H], {@code bias_hh_l0} [G·H], with G the kind's
 * {@link BuiltInKind#gates()}, gate blocks of H rows in PyTorch's order (GRU r, z, n; LSTM i, f, g, o); an LSTM with a
 * projection P has {@code weight_hh_l0} [4H, P] and {@code weight_hr_l0} [P, H]. Stacked layers use
 * {@code _l1}, {@code _l2}…, and a backward direction adds {@code _reverse} ({@link #suffix(int, boolean)}).
 *
 * @param name  PyTorch-style name, for example {@code weight_hh_l0}
 * @param role  what the parameter does
 * @param gates number of H-row gate blocks (1 for parameters that are not gate-blocked)
 * @param dims  the shape
 */
public record ParameterShape(String name, ParameterRole role, int gates, int... dims) {

    /** Validates the fields. */
    public ParameterShape {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be an identifier (letters, digits, '_', '.')");
        }
        if (gates < 1) {
            throw new IllegalArgumentException("parameter " + name + ": gates must be >= 1, got " + gates);
        }
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("parameter " + name + " needs a shape");
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("parameter " + name + " has a non-positive dimension in " + Arrays.toString(dims));
            }
        }
        dims = dims.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Name suffix of a layer and direction: {@code _l0}, {@code _l1_reverse}, … as in {@code torch.nn.LSTM}. */
    public static String suffix(int layer, boolean reverse) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be >= 0, got " + layer);
        }
        return "_l" + layer + (reverse ? "_reverse" : "");
    }

    /**
     * The PyTorch layout of a built-in kind's single layer, in {@code torch.nn}'s order:
     * {@code weight_ih_l0, weight_hh_l0[, bias_ih_l0, bias_hh_l0][, weight_hr_l0]}. With a projection P
     * ({@link CellSpec#projectionSize()}), {@code weight_hh_l0} is [G·H, P] and {@code weight_hr_l0} [P, H] (a recurrent
     * weight: it feeds h, which the next step reads), as {@code torch.nn.LSTM(proj_size=P)}.
     */
    public static List<ParameterShape> standardLayout(CellSpec spec) {
        int g = BuiltInKind.of(spec.kind()).gates();
        int gh = g * spec.hiddenSize();
        String sfx = suffix(0, false);
        List<ParameterShape> out = new ArrayList<>(5);
        out.add(new ParameterShape("weight_ih" + sfx, ParameterRole.INPUT_WEIGHT, g, gh, spec.inputSize()));
        out.add(new ParameterShape("weight_hh" + sfx, ParameterRole.RECURRENT_WEIGHT, g, gh, spec.outputSize()));
        if (spec.bias()) {
            out.add(new ParameterShape("bias_ih" + sfx, ParameterRole.BIAS, g, gh));
            out.add(new ParameterShape("bias_hh" + sfx, ParameterRole.BIAS, g, gh));
        }
        if (spec.projectionSize() > 0) {
            out.add(new ParameterShape("weight_hr" + sfx, ParameterRole.RECURRENT_WEIGHT, 1, spec.projectionSize(), spec.hiddenSize()));
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterShape p && p.name.equals(name) && p.role == role && p.gates == gates
                && Arrays.equals(p.dims, dims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role, gates, Arrays.hashCode(dims));
    }

    @Override
    public String toString() {
        return name + Arrays.toString(dims) + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
