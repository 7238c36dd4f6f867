package org.rnnlab.reference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates PyTorch reference values (forward outputs and vector-Jacobian products) for
 * torch's own RNN / GRU / LSTM kernels (at::rnn_tanh, at::rnn_relu, at::gru, at::lstm),
 * called through DJL's PyTorch engine on CPU in float64, and writes them as JSON fixtures.
 *
 * <p>Usage: {@code java -Dai.djl.offline=true -cp ... org.rnnlab.reference.TorchGoldenGenerator OUT_DIR}
 *
 * <p>Single-layer unidirectional cases use the original fixture format (states as [N, H],
 * parameters {@code *_l0}). Stacked and/or bidirectional cases ({@link Case#stacked()}) add the
 * top-level keys {@code num_layers} and {@code bidirectional}, store states as torch's
 * [L*D, N, H], outputs as [T, N, H*D], and name parameters as torch's state_dict does
 * ({@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, weight_ih_l0_reverse, ...,
 * weight_ih_l1, ...}); layer l &gt; 0 reads the concatenated directions (input size H*D).
 *
 * <p>LSTM cases with a projection ({@link Case#proj()} = P &gt; 0, {@code torch.nn.LSTM(proj_size=P)}) add the top-level
 * key {@code proj_size} and the parameters {@code weight_hr_l0…} [P, H] (5 per layer and direction, torch's flat order
 * w_ih, w_hh, b_ih, b_hh, w_hr; 3 without biases); h, its gradients and the output have P values per direction
 * ({@code weight_hh} [4H, P], layer l &gt; 0 reads P*D), c keeps H. ATen's {@code lstm} tells a projection from the sizes of
 * h0 [L*D, N, P] and c0 [L*D, N, H]; DJL passes the parameter list and both states through unchanged.
 *
 * <p>Besides writing fixtures, every case is independently checked against a plain-Java
 * re-implementation of the (stacked, bidirectional) recurrence (forward outputs to 1e-12, and
 * all gradients against central finite differences of the plain-Java loss). Any failed check
 * aborts with exit code 1.
 */
public final class TorchGoldenGenerator {

    private static final double FWD_TOL = 1e-12;
    private static final double FD_EPS = 1e-6;
    private static final double FD_TOL = 1e-7;

    private TorchGoldenGenerator() {}

    /** One test case description; {@code proj} is the LSTM's proj_size (0: none). */
    record Case(String file, String kind, String nonlinearity, boolean bias,
                int x, int h, int n, int t, long seed, int layers, boolean bidirectional, int proj) {

        /** Single-layer, unidirectional case (original fixture format). */
        Case(String file, String kind, String nonlinearity, boolean bias,
             int x, int h, int n, int t, long seed) {
            this(file, kind, nonlinearity, bias, x, h, n, t, seed, 1, false, 0);
        }

        /** A case without a projection. */
        Case(String file, String kind, String nonlinearity, boolean bias,
             int x, int h, int n, int t, long seed, int layers, boolean bidirectional) {
            this(file, kind, nonlinearity, bias, x, h, n, t, seed, layers, bidirectional, 0);
        }

        /** Values of h (and of each direction's output) per sample: P with a projection, else H. */
        int out() {
            return proj > 0 ? proj : h;
        }

        int gates() {
            return switch (kind) {
                case "rnn" -> 1;
                case "gru" -> 3;
                case "lstm" -> 4;
                default -> throw new IllegalArgumentException(kind);
            };
        }

        boolean isLstm() {
            return kind.equals("lstm");
        }

        int dirs() {
            return bidirectional ? 2 : 1;
        }

        /** Number of (layer, direction) parameter groups, i.e. L*D. */
        int groups() {
            return layers * dirs();
        }

        /** Whether this case uses the multi-layer / bidirectional fixture format. */
        boolean stacked() {
            return layers != 1 || bidirectional;
        }

        /** Input size of layer l: X for layer 0, H*D (P*D with a projection) above. */
        int inSize(int layer) {
            return layer == 0 ? x : out() * dirs();
        }

        /** torch state_dict suffix of group k = layer*D + dir, e.g. "_l1_reverse". */
        String suffix(int k) {
            return "_l" + (k / dirs()) + (k % dirs() == 1 ? "_reverse" : "");
        }

        /** JSON shape of c0/c_n/...: [N, H] in the original format, else [L*D, N, H]. */
        int[] stateShape() {
            return stacked() ? new int[] {groups(), n, h} : new int[] {n, h};
        }

        /** JSON shape of h0/h_n/...: {@link #stateShape()} with P instead of H under a projection. */
        int[] hShape() {
            return stacked() ? new int[] {groups(), n, out()} : new int[] {n, out()};
        }
    }

    /**
     * Raw inputs of a case (all flattened row-major). Parameters are indexed by group
     * k = layer * D + direction (torch's flat parameter order).
     */
    static final class Inputs {
        double[][] wih, whh, bih, bhh, whr;
        double[] input, h0, c0, gOut, gHn, gCn;
    }

    /** Result of the plain-Java forward pass. */
    static final class JavaFwd {
        double[] out, hn, cn;
        double minAbsPre = Double.POSITIVE_INFINITY; // rnn relu: min |pre-activation|
        int activeCount, inactiveCount;

        double loss(Inputs in) {
            double l = dot(out, in.gOut) + dot(hn, in.gHn);
            if (cn != null) {
                l += dot(cn, in.gCn);
            }
            return l;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] uniform(SplittableRandom r, int len, double lo, double hi) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) {
            d[i] = r.nextDouble(lo, hi);
        }
        return d;
    }

    /**
     * Draws all inputs. Order: for each group k in torch's flat order (layer, then direction):
     * weight_ih, weight_hh, [bias_ih, bias_hh], [weight_hr]; then input, h0, [c0], grad_output, grad_h_n,
     * [grad_c_n]. For a single-layer unidirectional case this is exactly the original order.
     */
    static Inputs draw(Case c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int gh = c.gates() * c.h();
        int kk = c.groups();
        int stateLen = kk * c.n() * c.h();
        int hLen = kk * c.n() * c.out();
        Inputs in = new Inputs();
        in.wih = new double[kk][];
        in.whh = new double[kk][];
        in.bih = new double[kk][];
        in.bhh = new double[kk][];
        in.whr = new double[kk][];
        for (int k = 0; k < kk; k++) {
            in.wih[k] = uniform(r, gh * c.inSize(k / c.dirs()), -0.6, 0.6);
            in.whh[k] = uniform(r, gh * c.out(), -0.6, 0.6);
            if (c.bias()) {
                in.bih[k] = uniform(r, gh, -0.6, 0.6);
                in.bhh[k] = uniform(r, gh, -0.6, 0.6);
            }
            if (c.proj() > 0) {
                in.whr[k] = uniform(r, c.proj() * c.h(), -0.6, 0.6);
            }
        }
        in.input = uniform(r, c.t() * c.n() * c.x(), -1, 1);
        in.h0 = uniform(r, hLen, -1, 1);
        if (c.isLstm()) {
            in.c0 = uniform(r, stateLen, -1, 1);
        }
        in.gOut = uniform(r, c.t() * c.n() * c.out() * c.dirs(), -1, 1);
        in.gHn = uniform(r, hLen, -1, 1);
        if (c.isLstm()) {
            in.gCn = uniform(r, stateLen, -1, 1);
        }
        return in;
    }

    // ---------------------------------------------------------------- plain Java reference

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** W[row, :] . v[vOff .. vOff+cols), row-major W with `cols` columns. */
    static double affine(double[] w, int row, int cols, double[] v, int vOff) {
        double s = 0;
        for (int k = 0; k < cols; k++) {
            s += w[row * cols + k] * v[vOff + k];
        }
        return s;
    }

    /**
     * Plain-Java forward pass using the documented torch formulas and parameter layout.
     * RNN: h' = act(W_ih x + b_ih + W_hh h + b_hh).
     * GRU (gates r,z,n): r = s(W_ir x + b_ir + W_hr h + b_hr), z = s(...), n = tanh(W_in x + b_in +
     * r*(W_hn h + b_hn)), h' = (1-z)*n + z*h.
     * LSTM (gates i,f,g,o): c' = f*c + i*g, h' = o*tanh(c'); with a projection h' = W_hr (o*tanh(c')).
     *
     * <p>Stacking / bidirectionality: each layer runs a forward direction (t = 0..T-1) and, if
     * bidirectional, a reverse direction reading t = T-1..0 from its own initial state; the
     * reverse direction's output at time t is its state after reading x_{T-1}..x_t, and its
     * h_n is its state after reading x_0. The layer output at time t is
     * concat(forward_out_t, reverse_out_t), which is the input of the next layer. h_n / c_n
     * are stacked as [L*D, N, H] with group index k = layer*D + direction.
     */
    static JavaFwd javaForward(Case c, Inputs in) {
        int H = c.h(), N = c.n(), T = c.t(), D = c.dirs(), L = c.layers(), O = c.out();
        JavaFwd f = new JavaFwd();
        f.hn = new double[L * D * N * O];
        f.cn = c.isLstm() ? new double[L * D * N * H] : null;
        double[] layerIn = in.input;
        for (int l = 0; l < L; l++) {
            int in0 = c.inSize(l);
            double[] layerOut = new double[T * N * O * D];
            for (int d = 0; d < D; d++) {
                int k = l * D + d;
                double[] wih = in.wih[k], whh = in.whh[k], bih = in.bih[k], bhh = in.bhh[k];
                double[] h = Arrays.copyOfRange(in.h0, k * N * O, (k + 1) * N * O);
                double[] cs = c.isLstm()
                        ? Arrays.copyOfRange(in.c0, k * N * H, (k + 1) * N * H) : null;
                for (int s = 0; s < T; s++) {
                    int t = d == 0 ? s : T - 1 - s;
                    double[] hNew = new double[N * H];
                    double[] cNew = c.isLstm() ? new double[N * H] : null;
                    for (int b = 0; b < N; b++) {
                        int xOff = (t * N + b) * in0;
                        int hOff = b * H;
                        int hInOff = b * O;
                        for (int j = 0; j < H; j++) {
                            switch (c.kind()) {
                                case "rnn" -> {
                                    double pre = affine(wih, j, in0, layerIn, xOff)
                                            + affine(whh, j, H, h, hOff)
                                            + (c.bias() ? bih[j] + bhh[j] : 0);
                                    double v;
                                    if (c.nonlinearity().equals("tanh")) {
                                        v = Math.tanh(pre);
                                    } else {
                                        v = Math.max(pre, 0.0);
                                        f.minAbsPre = Math.min(f.minAbsPre, Math.abs(pre));
                                        if (pre > 0) {
                                            f.activeCount++;
                                        } else {
                                            f.inactiveCount++;
                                        }
                                    }
                                    hNew[hOff + j] = v;
                                }
                                case "gru" -> {
                                    double[] gi = new double[3];
                                    double[] gh = new double[3];
                                    for (int g = 0; g < 3; g++) {
                                        int row = g * H + j;
                                        gi[g] = affine(wih, row, in0, layerIn, xOff)
                                                + (c.bias() ? bih[row] : 0);
                                        gh[g] = affine(whh, row, H, h, hOff)
                                                + (c.bias() ? bhh[row] : 0);
                                    }
                                    double r = sigmoid(gi[0] + gh[0]);
                                    double z = sigmoid(gi[1] + gh[1]);
                                    double nn = Math.tanh(gi[2] + r * gh[2]);
                                    hNew[hOff + j] = (1 - z) * nn + z * h[hOff + j];
                                }
                                case "lstm" -> {
                                    double[] g4 = new double[4];
                                    for (int g = 0; g < 4; g++) {
                                        int row = g * H + j;
                                        g4[g] = affine(wih, row, in0, layerIn, xOff)
                                                + affine(whh, row, O, h, hInOff)
                                                + (c.bias() ? bih[row] + bhh[row] : 0);
                                    }
                                    double ig = sigmoid(g4[0]);
                                    double fg = sigmoid(g4[1]);
                                    double gg = Math.tanh(g4[2]);
                                    double og = sigmoid(g4[3]);
                                    double cn = fg * cs[hOff + j] + ig * gg;
                                    cNew[hOff + j] = cn;
                                    hNew[hOff + j] = og * Math.tanh(cn);
                                }
                                default -> throw new IllegalStateException();
                            }
                        }
                    }
                    if (c.proj() > 0) {
                        // h' = W_hr m, m = o*tanh(c') [N, H] -> [N, P]
                        double[] projected = new double[N * O];
                        for (int b = 0; b < N; b++) {
                            for (int i = 0; i < O; i++) {
                                projected[b * O + i] = affine(in.whr[k], i, H, hNew, b * H);
                            }
                        }
                        hNew = projected;
                    }
                    h = hNew;
                    cs = cNew;
                    for (int b = 0; b < N; b++) {
                        System.arraycopy(h, b * O, layerOut, (t * N + b) * O * D + d * O, O);
                    }
                }
                System.arraycopy(h, 0, f.hn, k * N * O, N * O);
                if (c.isLstm()) {
                    System.arraycopy(cs, 0, f.cn, k * N * H, N * H);
                }
            }
            layerIn = layerOut;
        }
        f.out = layerIn;
        return f;
    }

    // ---------------------------------------------------------------- torch via DJL

    /** Torch results (parameter gradients indexed by group k like {@link Inputs}). */
    static final class TorchResult {
        double[] out, hn, cn;
        double[][] gWih, gWhh, gBih, gBhh, gWhr;
        double[] gInput, gH0, gC0;
    }

    static TorchResult torchRun(NDManager root, Case c, Inputs in) {
        int X = c.x(), H = c.h(), N = c.n(), T = c.t(), G = c.gates(), D = c.dirs(), O = c.out();
        int L = c.layers(), kk = c.groups();
        try (NDManager m = root.newSubManager()) {
            NDArray[] wih = new NDArray[kk];
            NDArray[] whh = new NDArray[kk];
            NDArray[] bih = new NDArray[kk];
            NDArray[] bhh = new NDArray[kk];
            NDArray[] whr = new NDArray[kk];
            // torch's flat parameter order: for layer, for direction: w_ih, w_hh, b_ih, b_hh[, w_hr]
            NDList params = new NDList();
            for (int k = 0; k < kk; k++) {
                wih[k] = m.create(in.wih[k], new Shape(G * H, c.inSize(k / D)));
                whh[k] = m.create(in.whh[k], new Shape(G * H, O));
                params.add(wih[k]);
                params.add(whh[k]);
                if (c.bias()) {
                    bih[k] = m.create(in.bih[k], new Shape(G * H));
                    bhh[k] = m.create(in.bhh[k], new Shape(G * H));
                    params.add(bih[k]);
                    params.add(bhh[k]);
                }
                if (c.proj() > 0) {
                    whr[k] = m.create(in.whr[k], new Shape(c.proj(), H));
                    params.add(whr[k]);
                }
            }
            NDArray x = m.create(in.input, new Shape(T, N, X));
            // ATen's lstm projects when h0's last size (P) differs from c0's (H).
            NDArray h0 = m.create(in.h0, new Shape(kk, N, O));
            NDArray c0 = c.isLstm() ? m.create(in.c0, new Shape(kk, N, H)) : null;
            NDArray gOut = m.create(in.gOut, new Shape(T, N, O * D));
            NDArray gHn = m.create(in.gHn, new Shape(kk, N, O));
            NDArray gCn = c.isLstm() ? m.create(in.gCn, new Shape(kk, N, H)) : null;

            List<NDArray> needGrad = new ArrayList<>(params);
            needGrad.add(x);
            needGrad.add(h0);
            if (c0 != null) {
                needGrad.add(c0);
            }
            for (NDArray a : needGrad) {
                if (a.getDataType() != DataType.FLOAT64) {
                    throw new IllegalStateException("not float64: " + a.getDataType());
                }
            }

            TorchResult r = new TorchResult();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                for (NDArray a : needGrad) {
                    a.setRequiresGradient(true);
                }
                // signatures (NDArrayEx, DJL 0.36.0):
                //  rnn(input, state, params, hasBiases, numLayers, activation, dropRate, train,
                //      bidirectional, batchFirst)
                //  gru(input, state, params, hasBiases, numLayers, dropRate, train,
                //      bidirectional, batchFirst)
                //  lstm(input, NDList(h0,c0), params, hasBiases, numLayers, dropRate, train,
                //       bidirectional, batchFirst)
                boolean bi = c.bidirectional();
                NDList res;
                switch (c.kind()) {
                    case "rnn" -> {
                        RNN.Activation act = c.nonlinearity().equals("tanh")
                                ? RNN.Activation.TANH : RNN.Activation.RELU;
                        res = x.getNDArrayInternal().rnn(
                                x, h0, params, c.bias(), L, act, 0.0, true, bi, false);
                    }
                    case "gru" -> res = x.getNDArrayInternal().gru(
                            x, h0, params, c.bias(), L, 0.0, true, bi, false);
                    case "lstm" -> res = x.getNDArrayInternal().lstm(
                            x, new NDList(h0, c0), params, c.bias(), L, 0.0, true, bi, false);
                    default -> throw new IllegalStateException();
                }
                NDArray out = res.get(0);
                NDArray hn = res.get(1);
                NDArray cn = c.isLstm() ? res.get(2) : null;
                expectShape(out, new Shape(T, N, O * D));
                expectShape(hn, new Shape(kk, N, O));
                if (cn != null) {
                    expectShape(cn, new Shape(kk, N, H));
                }
                NDArray loss = out.mul(gOut).sum().add(hn.mul(gHn).sum());
                if (cn != null) {
                    loss = loss.add(cn.mul(gCn).sum());
                }
                gc.backward(loss);
                r.out = out.toDoubleArray();
                r.hn = hn.toDoubleArray();
                r.cn = cn == null ? null : cn.toDoubleArray();
            }
            r.gWih = new double[kk][];
            r.gWhh = new double[kk][];
            r.gBih = new double[kk][];
            r.gBhh = new double[kk][];
            r.gWhr = new double[kk][];
            for (int k = 0; k < kk; k++) {
                r.gWih[k] = wih[k].getGradient().toDoubleArray();
                r.gWhh[k] = whh[k].getGradient().toDoubleArray();
                if (c.bias()) {
                    r.gBih[k] = bih[k].getGradient().toDoubleArray();
                    r.gBhh[k] = bhh[k].getGradient().toDoubleArray();
                }
                if (c.proj() > 0) {
                    r.gWhr[k] = whr[k].getGradient().toDoubleArray();
                }
            }
            r.gInput = x.getGradient().toDoubleArray();
            r.gH0 = h0.getGradient().toDoubleArray();
            if (c0 != null) {
                r.gC0 = c0.getGradient().toDoubleArray();
            }
            return r;
        }
    }

    static void expectShape(NDArray a, Shape s) {
        if (!a.getShape().equals(s)) {
            throw new IllegalStateException("shape " + a.getShape() + " != " + s);
        }
        if (a.getDataType() != DataType.FLOAT64) {
            throw new IllegalStateException("dtype " + a.getDataType());
        }
    }

    // ---------------------------------------------------------------- checks

    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("length " + a.length + " != " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Central finite-difference gradient of the plain-Java loss wrt each entry of `target`. */
    static double[] fdGrad(Case c, Inputs in, double[] target) {
        double[] g = new double[target.length];
        for (int i = 0; i < target.length; i++) {
            double orig = target[i];
            target[i] = orig + FD_EPS;
            double lp = javaForward(c, in).loss(in);
            target[i] = orig - FD_EPS;
            double lm = javaForward(c, in).loss(in);
            target[i] = orig;
            g[i] = (lp - lm) / (2 * FD_EPS);
        }
        return g;
    }

    static boolean check(String what, double diff, double tol, StringBuilder log) {
        boolean ok = diff <= tol;
        log.append(String.format("    %-32s max|diff| = %.3e  (tol %.0e) %s%n",
                what, diff, tol, ok ? "OK" : "FAIL"));
        return ok;
    }

    /**
     * Slice of the last layer's output for direction d at time t: [N, O] taken from
     * output[t, :, d*O .. (d+1)*O), O = P with a projection, else H.
     */
    static double[] outputSlice(Case c, double[] out, int t, int d) {
        int O = c.out(), N = c.n(), D = c.dirs();
        double[] s = new double[N * O];
        for (int b = 0; b < N; b++) {
            System.arraycopy(out, (t * N + b) * O * D + d * O, s, b * O, O);
        }
        return s;
    }

    // ---------------------------------------------------------------- JSON

    static Map<String, Object> tensor(double[] data, int... shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalStateException("shape/data mismatch");
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("shape", shape);
        t.put("data", data);
        return t;
    }

    static Map<String, Object> toJson(Case c, Inputs in, TorchResult r, String torchVersion) {
        int X = c.x(), H = c.h(), N = c.n(), T = c.t(), GH = c.gates() * c.h();
        int HD = c.out() * c.dirs(), kk = c.groups();
        int[] st = c.stateShape();
        int[] hs = c.hShape();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", TorchGoldenGenerator.class.getName());
        root.put("torch", torchVersion);
        root.put("kind", c.kind());
        root.put("nonlinearity", c.nonlinearity());
        root.put("bias", c.bias());
        root.put("input_size", X);
        root.put("hidden_size", H);
        root.put("batch", N);
        root.put("steps", T);
        if (c.stacked()) {
            // only in multi-layer / bidirectional fixtures: the original files stay unchanged
            root.put("num_layers", c.layers());
            root.put("bidirectional", c.bidirectional());
        }
        if (c.proj() > 0) {
            root.put("proj_size", c.proj());
        }
        Map<String, Object> t = new LinkedHashMap<>();
        for (int k = 0; k < kk; k++) {
            String sfx = c.suffix(k);
            t.put("weight_ih" + sfx, tensor(in.wih[k], GH, c.inSize(k / c.dirs())));
            t.put("weight_hh" + sfx, tensor(in.whh[k], GH, c.out()));
            if (c.bias()) {
                t.put("bias_ih" + sfx, tensor(in.bih[k], GH));
                t.put("bias_hh" + sfx, tensor(in.bhh[k], GH));
            }
            if (c.proj() > 0) {
                t.put("weight_hr" + sfx, tensor(in.whr[k], c.proj(), H));
            }
        }
        t.put("input", tensor(in.input, T, N, X));
        t.put("h0", tensor(in.h0, hs));
        if (c.isLstm()) {
            t.put("c0", tensor(in.c0, st));
        }
        t.put("output", tensor(r.out, T, N, HD));
        t.put("h_n", tensor(r.hn, hs));
        if (c.isLstm()) {
            t.put("c_n", tensor(r.cn, st));
        }
        t.put("grad_output", tensor(in.gOut, T, N, HD));
        t.put("grad_h_n", tensor(in.gHn, hs));
        if (c.isLstm()) {
            t.put("grad_c_n", tensor(in.gCn, st));
        }
        for (int k = 0; k < kk; k++) {
            String sfx = c.suffix(k);
            t.put("grad_weight_ih" + sfx, tensor(r.gWih[k], GH, c.inSize(k / c.dirs())));
            t.put("grad_weight_hh" + sfx, tensor(r.gWhh[k], GH, c.out()));
            if (c.bias()) {
                t.put("grad_bias_ih" + sfx, tensor(r.gBih[k], GH));
                t.put("grad_bias_hh" + sfx, tensor(r.gBhh[k], GH));
            }
            if (c.proj() > 0) {
                t.put("grad_weight_hr" + sfx, tensor(r.gWhr[k], c.proj(), H));
            }
        }
        t.put("grad_input", tensor(r.gInput, T, N, X));
        t.put("grad_h0", tensor(r.gH0, hs));
        if (c.isLstm()) {
            t.put("grad_c0", tensor(r.gC0, st));
        }
        root.put("tensors", t);
        return root;
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TorchGoldenGenerator OUT_DIR");
            System.exit(2);
        }
        // Offline: never try to download libtorch; the native library comes from the
        // pytorch-native-cpu jar on the class path. (Can be overridden with -D.)
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Path outDir = Path.of(args[0]);
        Files.createDirectories(outDir);

        List<Case> cases = List.of(
                new Case("rnn_tanh.json", "rnn", "tanh", true, 3, 4, 2, 5, 1001L),
                new Case("rnn_relu.json", "rnn", "relu", true, 3, 4, 2, 5, 2002L),
                new Case("gru.json", "gru", "tanh", true, 3, 4, 2, 5, 3003L),
                new Case("lstm.json", "lstm", "tanh", true, 3, 4, 2, 5, 4004L),
                new Case("lstm_nobias.json", "lstm", "tanh", false, 5, 3, 3, 4, 5005L),
                new Case("gru_large.json", "gru", "tanh", true, 6, 8, 3, 7, 6006L),
                // multi-layer / bidirectional (torch's own stacked kernels)
                new Case("lstm_bidir2.json", "lstm", "tanh", true, 3, 4, 2, 5, 7007L, 2, true),
                new Case("gru_bidir2.json", "gru", "tanh", true, 3, 3, 2, 4, 8008L, 2, true),
                new Case("rnn_stack3.json", "rnn", "tanh", true, 2, 3, 2, 4, 9009L, 3, false),
                // torch.nn.LSTM(proj_size=P): X, H, P, N chosen apart so that no two sizes can stand in for each other
                new Case("lstm_proj.json", "lstm", "tanh", true, 4, 5, 3, 6, 1101L, 1, false, 2),
                new Case("lstm_proj_nobias.json", "lstm", "tanh", false, 5, 6, 2, 4, 1202L, 1, false, 4),
                new Case("lstm_proj_bidir2.json", "lstm", "tanh", true, 2, 5, 2, 4, 1303L, 2, true, 3));

        Engine engine = Engine.getEngine("PyTorch");
        String torchVersion = engine.getVersion();
        System.out.println("Engine: " + engine.getEngineName() + " version " + torchVersion
                + ", DJL " + Engine.getDjlVersion());

        ObjectMapper mapper = new ObjectMapper();
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
        pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        pp.indentArraysWith(DefaultPrettyPrinter.FixedSpaceIndenter.instance);

        boolean allOk = true;
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            for (Case c : cases) {
                long seed = c.seed();
                Inputs in = draw(c, seed);
                JavaFwd jf = javaForward(c, in);
                if (c.kind().equals("rnn") && c.nonlinearity().equals("relu")) {
                    // redraw until no pre-activation is near the relu kink and both
                    // active and inactive units occur
                    while (jf.minAbsPre < 1e-3 || jf.activeCount == 0 || jf.inactiveCount == 0) {
                        seed++;
                        in = draw(c, seed);
                        jf = javaForward(c, in);
                    }
                }
                TorchResult r = torchRun(manager, c, in);

                StringBuilder log = new StringBuilder();
                log.append(String.format("%s (kind=%s%s, bias=%s, X=%d H=%d%s N=%d T=%d%s, seed=%d)%n",
                        c.file(), c.kind(),
                        c.kind().equals("rnn") ? "/" + c.nonlinearity() : "", c.bias(),
                        c.x(), c.h(), c.proj() > 0 ? " P=" + c.proj() : "", c.n(), c.t(),
                        c.stacked() ? String.format(" L=%d bidirectional=%s",
                                c.layers(), c.bidirectional()) : "",
                        seed));
                if (c.kind().equals("rnn") && c.nonlinearity().equals("relu")) {
                    log.append(String.format("    relu: %d active / %d inactive units, "
                                    + "min |pre-activation| = %.4g%n",
                            jf.activeCount, jf.inactiveCount, jf.minAbsPre));
                }
                boolean ok = true;
                ok &= check("output vs java loop", maxAbsDiff(r.out, jf.out), FWD_TOL, log);
                ok &= check("h_n vs java loop", maxAbsDiff(r.hn, jf.hn), FWD_TOL, log);
                if (c.isLstm()) {
                    ok &= check("c_n vs java loop", maxAbsDiff(r.cn, jf.cn), FWD_TOL, log);
                }
                // last layer: forward h_n == output[T-1][:, :O], reverse h_n == output[0][:, O:]
                int nh = c.n() * c.out();
                for (int d = 0; d < c.dirs(); d++) {
                    int k = (c.layers() - 1) * c.dirs() + d;
                    double[] hnK = Arrays.copyOfRange(r.hn, k * nh, (k + 1) * nh);
                    int t = d == 0 ? c.t() - 1 : 0;
                    String what = c.stacked()
                            ? String.format("h_n[%d] == output[%d]%s", k, t, d == 0 ? "" : "_rev")
                            : "h_n == output[T-1]";
                    ok &= check(what, maxAbsDiff(hnK, outputSlice(c, r.out, t, d)), 0.0, log);
                }
                for (int k = 0; k < c.groups(); k++) {
                    String sfx = c.stacked() ? c.suffix(k) : "";
                    ok &= check("grad_weight_ih" + sfx + " vs FD",
                            maxAbsDiff(r.gWih[k], fdGrad(c, in, in.wih[k])), FD_TOL, log);
                    ok &= check("grad_weight_hh" + sfx + " vs FD",
                            maxAbsDiff(r.gWhh[k], fdGrad(c, in, in.whh[k])), FD_TOL, log);
                    if (c.bias()) {
                        ok &= check("grad_bias_ih" + sfx + " vs FD",
                                maxAbsDiff(r.gBih[k], fdGrad(c, in, in.bih[k])), FD_TOL, log);
                        ok &= check("grad_bias_hh" + sfx + " vs FD",
                                maxAbsDiff(r.gBhh[k], fdGrad(c, in, in.bhh[k])), FD_TOL, log);
                    }
                    if (c.proj() > 0) {
                        ok &= check("grad_weight_hr" + sfx + " vs FD",
                                maxAbsDiff(r.gWhr[k], fdGrad(c, in, in.whr[k])), FD_TOL, log);
                    }
                }
                ok &= check("grad_input vs FD", maxAbsDiff(r.gInput, fdGrad(c, in, in.input)),
                        FD_TOL, log);
                ok &= check("grad_h0 vs FD", maxAbsDiff(r.gH0, fdGrad(c, in, in.h0)),
                        FD_TOL, log);
                if (c.isLstm()) {
                    ok &= check("grad_c0 vs FD", maxAbsDiff(r.gC0, fdGrad(c, in, in.c0)),
                            FD_TOL, log);
                }
                System.out.print(log);
                allOk &= ok;

                File f = outDir.resolve(c.file()).toFile();
                mapper.writer(pp).writeValue(f, toJson(c, in, r, torchVersion));
                System.out.println("    wrote " + f);
            }
        }
        if (!allOk) {
            System.err.println("SANITY CHECKS FAILED");
            System.exit(1);
        }
        System.out.println("All sanity checks passed.");
    }
}
