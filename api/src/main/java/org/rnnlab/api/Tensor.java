package org.rnnlab.api;

import java.util.Arrays;

/**
 * A dense tensor in row-major order (the last index varies fastest), stored as {@code float[]} for
 * {@link Precision#FLOAT32} or {@code double[]} for {@link Precision#FLOAT64}.
 *
 * <p>Conventions used throughout rnnlab: sequences are time-major {@code [T, N, X]} (PyTorch's
 * {@code batch_first=False}), states are {@code [N, H]} (a projected LSTM's h {@code [N, P]}), weights are {@code [rows, cols]} as in
 * {@code torch.nn}. The element at index {@code (i0, …, ik)} lives at flat offset
 * {@code ((i0·d1 + i1)·d2 + …)·dk + ik}.
 *
 * <p>Values are mutable (optimizers update parameters in place); the shape is not.
 */
public final class Tensor {
    private final Precision precision;
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;
    /** Writes counted so far ({@link #version}): set, copyFrom, and every hand-out of the backing array for writing. */
    private long version;

    private Tensor(Precision precision, int[] shape, float[] floats, double[] doubles) {
        this.precision = precision;
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Precision precision, int... shape) {
        int[] s = checkedShape(shape);
        int n = size(s);
        Memory.require("a " + precision.id() + " tensor of shape " + Arrays.toString(s), (long) n * (precision == Precision.FLOAT32 ? 4 : 8));
        return precision == Precision.FLOAT32
                ? new Tensor(precision, s, new float[n], null)
                : new Tensor(precision, s, null, new double[n]);
    }

    /** A tensor of the given precision holding {@code values} (rounded to float for FLOAT32); copies the array. */
    public static Tensor of(Precision precision, double[] values, int... shape) {
        Tensor t = zeros(precision, shape);
        if (values.length != t.size()) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + t.size()
                    + " values, but " + values.length + " were given");
        }
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t;
    }

    /** A FLOAT64 tensor that wraps {@code data} without copying. */
    public static Tensor wrap(double[] data, int... shape) {
        int[] s = checkedShape(shape);
        if (data.length != size(s)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size(s)
                    + " values, but the array has " + data.length);
        }
        return new Tensor(Precision.FLOAT64, s, null, data);
    }

    /** A FLOAT32 tensor that wraps {@code data} without copying. */
    public static Tensor wrap(float[] data, int... shape) {
        int[] s = checkedShape(shape);
        if (data.length != size(s)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size(s)
                    + " values, but the array has " + data.length);
        }
        return new Tensor(Precision.FLOAT32, s, data, null);
    }

    private static int[] checkedShape(int[] shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one dimension");
        }
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            dims[i] = shape[i];
        }
        Memory.arrayLength("a tensor of shape " + Arrays.toString(shape), dims);
        return shape.clone();
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Precision of the storage. */
    public Precision precision() {
        return precision;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Total number of elements. */
    public int size() {
        return precision == Precision.FLOAT32 ? floats.length : doubles.length;
    }

    /** Whether this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The element at flat (row-major) index {@code i}, widened to double. */
    public double get(int i) {
        return precision == Precision.FLOAT32 ? floats[i] : doubles[i];
    }

    /** Sets the element at flat index {@code i} (rounded to float for FLOAT32). */
    public void set(int i, double value) {
        version++;
        if (precision == Precision.FLOAT32) {
            floats[i] = (float) value;
        } else {
            doubles[i] = value;
        }
    }

    /**
     * The backing {@code float[]} of a FLOAT32 tensor, for reading and writing: the tensor counts as written
     * ({@link #version} moves). Take it again for every batch of writes; writes through an array taken before a cell's
     * pass may not reach a backend that keeps its own copy (a GPU's).
     *
     * @throws IllegalStateException for a FLOAT64 tensor
     */
    public float[] floatData() {
        float[] data = readFloats();
        version++;
        return data;
    }

    /**
     * The backing {@code double[]} of a FLOAT64 tensor, for reading and writing: the tensor counts as written
     * ({@link #version} moves), as for {@link #floatData()}.
     *
     * @throws IllegalStateException for a FLOAT32 tensor
     */
    public double[] doubleData() {
        double[] data = readDoubles();
        version++;
        return data;
    }

    /**
     * The backing {@code float[]} of a FLOAT32 tensor, for reading only: the tensor does not count as written. Writing
     * into it leaves copies that backends keep by {@link #version} stale; write through {@link #floatData()} or
     * {@link #set}.
     *
     * @throws IllegalStateException for a FLOAT64 tensor
     */
    public float[] readFloats() {
        if (floats == null) {
            throw new IllegalStateException("tensor is float64; call doubleData() or readDoubles(), or convert with to(Precision.FLOAT32)");
        }
        return floats;
    }

    /**
     * The backing {@code double[]} of a FLOAT64 tensor, for reading only, as for {@link #readFloats()}.
     *
     * @throws IllegalStateException for a FLOAT32 tensor
     */
    public double[] readDoubles() {
        if (doubles == null) {
            throw new IllegalStateException("tensor is float32; call floatData() or readFloats(), or convert with to(Precision.FLOAT64)");
        }
        return doubles;
    }

    /**
     * How often this tensor may have been written: it moves on every {@link #set}, {@link #copyFrom}, and hand-out of
     * the backing array for writing ({@link #floatData()}, {@link #doubleData()}), never on reads. A backend that keeps
     * a copy of a parameter elsewhere (a GPU) copies it again only when the version moved since its last copy. Not
     * synchronised: writers and the passes that read must be ordered by the caller, as the values themselves are.
     */
    public long version() {
        return version;
    }

    /** A copy of the values widened to double. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(precision, shape, floats == null ? null : floats.clone(), doubles == null ? null : doubles.clone());
    }

    /** A deep copy in another precision (this tensor's copy when the precision is the same). */
    public Tensor to(Precision target) {
        if (target == precision) {
            return copy();
        }
        Tensor t = zeros(target, shape);
        for (int i = 0; i < size(); i++) {
            t.set(i, get(i));
        }
        return t;
    }

    /** Copies {@code source}'s values into this tensor, converting precision if needed. */
    public void copyFrom(Tensor source) {
        if (!Arrays.equals(shape, source.shape)) {
            throw new IllegalArgumentException("cannot copy a tensor of shape " + Arrays.toString(source.shape)
                    + " into one of shape " + Arrays.toString(shape));
        }
        version++;
        if (precision == source.precision) {
            if (floats != null) {
                System.arraycopy(source.floats, 0, floats, 0, floats.length);
            } else {
                System.arraycopy(source.doubles, 0, doubles, 0, doubles.length);
            }
        } else {
            for (int i = 0; i < size(); i++) {
                set(i, source.get(i));
            }
        }
    }

    /** Index of the first NaN or infinite element, or −1 when every element is finite. */
    public int firstNonFinite() {
        // On the arrays themselves: every cell checks its input and upstream gradients on every pass, and through
        // get(i) (a precision test and a widening per element) the check took a visible share of a training pass.
        if (floats != null) {
            for (int i = 0; i < floats.length; i++) {
                if (!Float.isFinite(floats[i])) {
                    return i;
                }
            }
        } else {
            for (int i = 0; i < doubles.length; i++) {
                if (!Double.isFinite(doubles[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Formats a flat index as a multi-index, e.g. {@code [2, 0, 1]}, for error messages. */
    public String indexString(int flat) {
        int[] idx = new int[shape.length];
        int rest = flat;
        for (int a = shape.length - 1; a >= 0; a--) {
            idx[a] = shape[a] == 0 ? 0 : rest % shape[a];
            rest = shape[a] == 0 ? 0 : rest / shape[a];
        }
        return Arrays.toString(idx);
    }

    /** Largest |a − b| over all elements of two tensors of the same shape. */
    public double maxAbsDiff(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " vs " + Arrays.toString(other.shape));
        }
        double m = 0;
        for (int i = 0; i < size(); i++) {
            m = Math.max(m, Math.abs(get(i) - other.get(i)));
        }
        return m;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + " " + precision.id();
    }
}
