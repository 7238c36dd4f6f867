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
 * <p>Besides writing fixtures, every case is independently checked against a plain-Java
 * re-implementation of the recurrence (forward outputs to 1e-12, and all gradients against
 * central finite differences of the plain-Java loss). Any failed check aborts with exit code 1.
 */
public final class TorchGoldenGenerator {

    private static final double FWD_TOL = 1e-12;
    private static final double FD_EPS = 1e-6;
    private static final double FD_TOL = 1e-7;

    private TorchGoldenGenerator() {}

    /** One test case description. */
    record Case(String file, String kind, String nonlinearity, boolean bias,
                int x, int h, int n, int t, long seed) {
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
    }

    /** Raw inputs of a case (all flattened row-major). */
    static final class Inputs {
        double[] wih, whh, bih, bhh, input, h0, c0, gOut, gHn, gCn;
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

    static Inputs draw(Case c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int gh = c.gates() * c.h();
        Inputs in = new Inputs();
        in.wih = uniform(r, gh * c.x(), -0.6, 0.6);
        in.whh = uniform(r, gh * c.h(), -0.6, 0.6);
        if (c.bias()) {
            in.bih = uniform(r, gh, -0.6, 0.6);
            in.bhh = uniform(r, gh, -0.6, 0.6);
        }
        in.input = uniform(r, c.t() * c.n() * c.x(), -1, 1);
        in.h0 = uniform(r, c.n() * c.h(), -1, 1);
        if (c.isLstm()) {
            in.c0 = uniform(r, c.n() * c.h(), -1, 1);
        }
        in.gOut = uniform(r, c.t() * c.n() * c.h(), -1, 1);
        in.gHn = uniform(r, c.n() * c.h(), -1, 1);
        if (c.isLstm()) {
            in.gCn = uniform(r, c.n() * c.h(), -1, 1);
        }
        return in;
    }

    // ---------------------------------------------------------------- plain Java reference

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** g = W[rowOff .. rowOff+H) * v + b_ih + b_hh, row-major W with `cols` columns. */
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
     * LSTM (gates i,f,g,o): c' = f*c + i*g, h' = o*tanh(c').
     */
    static JavaFwd javaForward(Case c, Inputs in) {
        int X = c.x(), H = c.h(), N = c.n(), T = c.t();
        JavaFwd f = new JavaFwd();
        f.out = new double[T * N * H];
        double[] h = in.h0.clone();
        double[] cs = c.isLstm() ? in.c0.clone() : null;
        for (int t = 0; t < T; t++) {
            double[] hNew = new double[N * H];
            double[] cNew = c.isLstm() ? new double[N * H] : null;
            for (int b = 0; b < N; b++) {
                int xOff = (t * N + b) * X;
                int hOff = b * H;
                for (int j = 0; j < H; j++) {
                    switch (c.kind()) {
                        case "rnn" -> {
                            double pre = affine(in.wih, j, X, in.input, xOff)
                                    + affine(in.whh, j, H, h, hOff)
                                    + (c.bias() ? in.bih[j] + in.bhh[j] : 0);
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
                                gi[g] = affine(in.wih, row, X, in.input, xOff)
                                        + (c.bias() ? in.bih[row] : 0);
                                gh[g] = affine(in.whh, row, H, h, hOff)
                                        + (c.bias() ? in.bhh[row] : 0);
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
                                g4[g] = affine(in.wih, row, X, in.input, xOff)
                                        + affine(in.whh, row, H, h, hOff)
                                        + (c.bias() ? in.bih[row] + in.bhh[row] : 0);
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
            h = hNew;
            cs = cNew;
            System.arraycopy(h, 0, f.out, t * N * H, N * H);
        }
        f.hn = h;
        f.cn = cs;
        return f;
    }

    // ---------------------------------------------------------------- torch via DJL

    /** Torch results. */
    static final class TorchResult {
        double[] out, hn, cn;
        double[] gWih, gWhh, gBih, gBhh, gInput, gH0, gC0;
    }

    static TorchResult torchRun(NDManager root, Case c, Inputs in) {
        int X = c.x(), H = c.h(), N = c.n(), T = c.t(), G = c.gates();
        try (NDManager m = root.newSubManager()) {
            NDArray wih = m.create(in.wih, new Shape(G * H, X));
            NDArray whh = m.create(in.whh, new Shape(G * H, H));
            NDArray bih = c.bias() ? m.create(in.bih, new Shape(G * H)) : null;
            NDArray bhh = c.bias() ? m.create(in.bhh, new Shape(G * H)) : null;
            NDArray x = m.create(in.input, new Shape(T, N, X));
            NDArray h0 = m.create(in.h0, new Shape(1, N, H));
            NDArray c0 = c.isLstm() ? m.create(in.c0, new Shape(1, N, H)) : null;
            NDArray gOut = m.create(in.gOut, new Shape(T, N, H));
            NDArray gHn = m.create(in.gHn, new Shape(1, N, H));
            NDArray gCn = c.isLstm() ? m.create(in.gCn, new Shape(1, N, H)) : null;

            NDList params = new NDList(wih, whh);
            if (c.bias()) {
                params.add(bih);
                params.add(bhh);
            }
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
                NDList res;
                switch (c.kind()) {
                    case "rnn" -> {
                        RNN.Activation act = c.nonlinearity().equals("tanh")
                                ? RNN.Activation.TANH : RNN.Activation.RELU;
                        res = x.getNDArrayInternal().rnn(
                                x, h0, params, c.bias(), 1, act, 0.0, true, false, false);
                    }
                    case "gru" -> res = x.getNDArrayInternal().gru(
                            x, h0, params, c.bias(), 1, 0.0, true, false, false);
                    case "lstm" -> res = x.getNDArrayInternal().lstm(
                            x, new NDList(h0, c0), params, c.bias(), 1, 0.0, true, false, false);
                    default -> throw new IllegalStateException();
                }
                NDArray out = res.get(0);
                NDArray hn = res.get(1);
                NDArray cn = c.isLstm() ? res.get(2) : null;
                expectShape(out, new Shape(T, N, H));
                expectShape(hn, new Shape(1, N, H));
                if (cn != null) {
                    expectShape(cn, new Shape(1, N, H));
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
            r.gWih = wih.getGradient().toDoubleArray();
            r.gWhh = whh.getGradient().toDoubleArray();
            if (c.bias()) {
                r.gBih = bih.getGradient().toDoubleArray();
                r.gBhh = bhh.getGradient().toDoubleArray();
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
        log.append(String.format("    %-22s max|diff| = %.3e  (tol %.0e) %s%n",
                what, diff, tol, ok ? "OK" : "FAIL"));
        return ok;
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
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("weight_ih_l0", tensor(in.wih, GH, X));
        t.put("weight_hh_l0", tensor(in.whh, GH, H));
        if (c.bias()) {
            t.put("bias_ih_l0", tensor(in.bih, GH));
            t.put("bias_hh_l0", tensor(in.bhh, GH));
        }
        t.put("input", tensor(in.input, T, N, X));
        t.put("h0", tensor(in.h0, N, H));
        if (c.isLstm()) {
            t.put("c0", tensor(in.c0, N, H));
        }
        t.put("output", tensor(r.out, T, N, H));
        t.put("h_n", tensor(r.hn, N, H));
        if (c.isLstm()) {
            t.put("c_n", tensor(r.cn, N, H));
        }
        t.put("grad_output", tensor(in.gOut, T, N, H));
        t.put("grad_h_n", tensor(in.gHn, N, H));
        if (c.isLstm()) {
            t.put("grad_c_n", tensor(in.gCn, N, H));
        }
        t.put("grad_weight_ih_l0", tensor(r.gWih, GH, X));
        t.put("grad_weight_hh_l0", tensor(r.gWhh, GH, H));
        if (c.bias()) {
            t.put("grad_bias_ih_l0", tensor(r.gBih, GH));
            t.put("grad_bias_hh_l0", tensor(r.gBhh, GH));
        }
        t.put("grad_input", tensor(r.gInput, T, N, X));
        t.put("grad_h0", tensor(r.gH0, N, H));
        if (c.isLstm()) {
            t.put("grad_c0", tensor(r.gC0, N, H));
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
                new Case("gru_large.json", "gru", "tanh", true, 6, 8, 3, 7, 6006L));

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
                log.append(String.format("%s (kind=%s%s, bias=%s, X=%d H=%d N=%d T=%d, seed=%d)%n",
                        c.file(), c.kind(),
                        c.kind().equals("rnn") ? "/" + c.nonlinearity() : "", c.bias(),
                        c.x(), c.h(), c.n(), c.t(), seed));
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
                ok &= check("h_n == output[T-1]", maxAbsDiff(r.hn,
                        java.util.Arrays.copyOfRange(r.out, (c.t() - 1) * c.n() * c.h(),
                                c.t() * c.n() * c.h())), 0.0, log);
                ok &= check("grad_weight_ih vs FD", maxAbsDiff(r.gWih, fdGrad(c, in, in.wih)),
                        FD_TOL, log);
                ok &= check("grad_weight_hh vs FD", maxAbsDiff(r.gWhh, fdGrad(c, in, in.whh)),
                        FD_TOL, log);
                if (c.bias()) {
                    ok &= check("grad_bias_ih vs FD", maxAbsDiff(r.gBih, fdGrad(c, in, in.bih)),
                            FD_TOL, log);
                    ok &= check("grad_bias_hh vs FD", maxAbsDiff(r.gBhh, fdGrad(c, in, in.bhh)),
                            FD_TOL, log);
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
