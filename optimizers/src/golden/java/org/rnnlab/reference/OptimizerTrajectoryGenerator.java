package org.rnnlab.reference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates reference parameter trajectories of {@code torch.optim} optimizers (SGD, Adam, AdamW,
 * RMSprop, Adagrad), {@code torch.optim.lr_scheduler} schedules and
 * {@code torch.nn.utils.clip_grad_norm_} training a small LSTM, in float64, through DJL's
 * PyTorch engine (offline, CPU), and writes them as one JSON fixture.
 *
 * <p>Usage: {@code java -Dai.djl.offline=true -cp ... org.rnnlab.reference.OptimizerTrajectoryGenerator OUT.json}
 * (normally through {@code mvn -Pgolden -pl optimizers process-test-classes}).
 *
 * <p>Problem: one-layer unidirectional LSTM (X=3, H=4, N=2, T=5, bias), zero h0/c0, fixed input and
 * fixed weights G; loss {@code L = sum(output * G) + 0.5 * sum(output^2)}. Every gradient comes
 * from torch's own LSTM kernel (at::lstm) through DJL autograd ({@link GradientCollector}).
 *
 * <p>There is no Python here, so the optimizer update rules cannot call {@code torch.optim}; each
 * rule is transcribed operation by operation from PyTorch 2.7's {@code _single_tensor_*} function
 * (foreach=False, maximize=False, differentiable=False, capturable=False) and evaluated with torch
 * tensor arithmetic through DJL's NDArray API. DJL exposes no {@code add(alpha=)},
 * {@code addcmul}, {@code addcdiv} or {@code lerp}, so these fused ops are composed from the
 * primitive ops in the same order of evaluation as ATen's CPU kernels
 * ({@code self + alpha*other}, {@code self + (value*t1)*t2}, {@code self + (value*t1)/t2},
 * {@code weight < 0.5 ? self + weight*(end-self) : end - (end-self)*(1-weight)}); ATen's vectorised
 * kernels may fuse a multiply-add, so the results can differ from torch.optim in the last ulp.
 *
 * <p>Learning rates are computed by simulating torch's schedulers as they are implemented (the
 * chainable, recursive {@code get_lr()} forms, SequentialLR's reset and milestone
 * {@code step(0)} logic); they are checked against the closed forms to 1e-12.
 *
 * <p>Independent sanity checks (any failure: exit code 1 and no fixture written):
 * <ol>
 *   <li>every case is re-run with the update rules, schedules and clipping written in plain Java
 *       double arithmetic from the textbook formulas (separate code; gradients again from torch at
 *       the plain-Java parameters) and the trajectories must agree to 1e-12 relative;</li>
 *   <li>the loss must decrease over each case (loss before step 24 &lt; loss before step 0);</li>
 *   <li>the recorded gradient norms (torch's vector_norm, as clip_grad_norm_ computes them) must
 *       match a plain-Java 2-norm of torch's gradients to 1e-12 relative;</li>
 *   <li>extra: the recorded losses must match a plain-Java LSTM forward pass to 1e-12 relative,
 *       and torch's gradient at the initial point must match central finite differences of the
 *       plain-Java loss to 1e-7.</li>
 * </ol>
 */
public final class OptimizerTrajectoryGenerator {

    static final int X = 3, H = 4, N = 2, T = 5, GH = 4 * H;
    static final int STEPS = 25;
    static final long SEED = 20250607L;
    static final String[] NAMES = {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"};
    static final int[][] SHAPES = {{GH, X}, {GH, H}, {GH}, {GH}};

    static final double REL_TOL = 1e-12;
    static final double FD_EPS = 1e-6;
    static final double FD_TOL = 1e-7;

    private OptimizerTrajectoryGenerator() {}

    // ================================================================ problem

    /** Fixed problem data, flattened row-major. */
    record Problem(double[][] init, double[] input, double[] gOut) {}

    static double[] uniform(SplittableRandom r, int len, double lo, double hi) {
        double[] d = new double[len];
        for (int i = 0; i < len; i++) {
            d[i] = r.nextDouble(lo, hi);
        }
        return d;
    }

    /** Draw order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (U(-0.5,0.5)), input, G (U(-1,1)). */
    static Problem draw() {
        SplittableRandom r = new SplittableRandom(SEED);
        double[][] init = new double[4][];
        for (int i = 0; i < 4; i++) {
            init[i] = uniform(r, size(SHAPES[i]), -0.5, 0.5);
        }
        double[] input = uniform(r, T * N * X, -1, 1);
        double[] gOut = uniform(r, T * N * H, -1, 1);
        return new Problem(init, input, gOut);
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static Shape shape(int i) {
        long[] s = new long[SHAPES[i].length];
        for (int k = 0; k < s.length; k++) {
            s[k] = SHAPES[i][k];
        }
        return new Shape(s);
    }

    // ================================================================ cases

    /** One optimizer run. {@code clipMaxNorm} is null when there is no clipping. */
    record Case(String name, String optimizer, Map<String, Object> hyper, Schedule schedule,
                Double clipMaxNorm) {}

    /** torch 2.7 constructor defaults of every (non-implementation) hyperparameter. */
    static Map<String, Object> defaults(String optimizer) {
        Map<String, Object> h = new LinkedHashMap<>();
        switch (optimizer) {
            case "sgd" -> {
                h.put("lr", 1e-3);
                h.put("momentum", 0.0);
                h.put("dampening", 0.0);
                h.put("weight_decay", 0.0);
                h.put("nesterov", false);
            }
            case "adam", "adamw" -> {
                h.put("lr", 1e-3);
                h.put("betas", new double[] {0.9, 0.999});
                h.put("eps", 1e-8);
                h.put("weight_decay", optimizer.equals("adamw") ? 1e-2 : 0.0);
                h.put("amsgrad", false);
            }
            case "rmsprop" -> {
                h.put("lr", 1e-2);
                h.put("alpha", 0.99);
                h.put("eps", 1e-8);
                h.put("weight_decay", 0.0);
                h.put("momentum", 0.0);
                h.put("centered", false);
            }
            case "adagrad" -> {
                h.put("lr", 1e-2);
                h.put("lr_decay", 0.0);
                h.put("weight_decay", 0.0);
                h.put("initial_accumulator_value", 0.0);
                h.put("eps", 1e-10);
            }
            default -> throw new IllegalArgumentException(optimizer);
        }
        return h;
    }

    /** Defaults of {@code optimizer} overridden by the key/value pairs; unknown keys are rejected. */
    static Map<String, Object> hyper(String optimizer, Object... kv) {
        Map<String, Object> h = defaults(optimizer);
        for (int i = 0; i < kv.length; i += 2) {
            String k = (String) kv[i];
            if (!h.containsKey(k)) {
                throw new IllegalArgumentException(optimizer + ": unknown hyperparameter " + k);
            }
            Object v = kv[i + 1];
            if (v instanceof Integer n) {
                v = n.doubleValue();
            }
            h.put(k, v);
        }
        return h;
    }

    static double num(Map<String, Object> h, String k) {
        return ((Number) h.get(k)).doubleValue();
    }

    static boolean flag(Map<String, Object> h, String k) {
        return (Boolean) h.get(k);
    }

    static double[] betas(Map<String, Object> h) {
        return (double[]) h.get("betas");
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("sgd_plain", "sgd", hyper("sgd", "lr", 0.1), null, null));
        c.add(new Case("sgd_momentum", "sgd", hyper("sgd", "lr", 0.05, "momentum", 0.9,
                "dampening", 0.1, "weight_decay", 0.01), null, null));
        c.add(new Case("sgd_nesterov", "sgd", hyper("sgd", "lr", 0.05, "momentum", 0.9,
                "nesterov", true, "weight_decay", 0.001), null, null));
        c.add(new Case("adam", "adam", hyper("adam", "lr", 0.01,
                "betas", new double[] {0.9, 0.999}, "eps", 1e-8), null, null));
        c.add(new Case("adam_amsgrad_wd", "adam", hyper("adam", "lr", 0.02,
                "betas", new double[] {0.8, 0.99}, "eps", 1e-6, "weight_decay", 0.01,
                "amsgrad", true), null, null));
        c.add(new Case("adamw", "adamw", hyper("adamw", "lr", 0.01,
                "betas", new double[] {0.9, 0.999}, "eps", 1e-8, "weight_decay", 0.1), null, null));
        c.add(new Case("rmsprop", "rmsprop", hyper("rmsprop", "lr", 0.01, "alpha", 0.99,
                "eps", 1e-8), null, null));
        c.add(new Case("rmsprop_centered_momentum", "rmsprop", hyper("rmsprop", "lr", 0.005,
                "alpha", 0.9, "eps", 1e-6, "weight_decay", 0.01, "momentum", 0.8,
                "centered", true), null, null));
        c.add(new Case("adagrad", "adagrad", hyper("adagrad", "lr", 0.1, "lr_decay", 0.01,
                "weight_decay", 0.001, "initial_accumulator_value", 0.1, "eps", 1e-10), null, null));
        c.add(new Case("sgd_step_lr_clipped", "sgd", hyper("sgd", "lr", 0.2, "momentum", 0.5),
                new StepSched(5, 0.5), 0.5));
        c.add(new Case("adam_warmup_cosine", "adam", hyper("adam", "lr", 0.02),
                new SequentialSched(List.of(new LinearSched(0.1, 1.0, 5),
                        new CosineSched(20, 0.001)), new int[] {5}), null));
        c.add(new Case("adamw_exponential_clipped", "adamw", hyper("adamw", "lr", 0.01,
                "weight_decay", 0.05), new ExponentialSched(0.95), 1.0));
        return c;
    }

    // ================================================================ schedules

    /** An lr schedule: JSON description, closed form (from the docs) and torch's implementation. */
    sealed interface Schedule permits StepSched, ExponentialSched, CosineSched, LinearSched,
            SequentialSched {
        Map<String, Object> toJson();

        /** Documented closed form: the lr after k scheduler steps. */
        double closedForm(double lr0, int k);

        /** A simulation of the torch scheduler object, constructed on {@code group}. */
        TorchSched construct(LrGroup group);
    }

    record StepSched(int stepSize, double gamma) implements Schedule {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "step");
            m.put("step_size", stepSize);
            m.put("gamma", gamma);
            return m;
        }

        public double closedForm(double lr0, int k) {
            return lr0 * Math.pow(gamma, Math.floorDiv(k, stepSize));
        }

        public TorchSched construct(LrGroup g) {
            // torch/optim/lr_scheduler.py StepLR.get_lr
            return new TorchSched(g) {
                double getLr() {
                    if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
                        return group.lr;
                    }
                    return group.lr * gamma;
                }
            }.init();
        }
    }

    record ExponentialSched(double gamma) implements Schedule {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "exponential");
            m.put("gamma", gamma);
            return m;
        }

        public double closedForm(double lr0, int k) {
            return lr0 * Math.pow(gamma, k);
        }

        public TorchSched construct(LrGroup g) {
            // torch/optim/lr_scheduler.py ExponentialLR.get_lr
            return new TorchSched(g) {
                double getLr() {
                    if (lastEpoch == 0) {
                        return group.lr;
                    }
                    return group.lr * gamma;
                }
            }.init();
        }
    }

    record CosineSched(int tMax, double etaMin) implements Schedule {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "cosine");
            m.put("t_max", tMax);
            m.put("eta_min", etaMin);
            return m;
        }

        public double closedForm(double lr0, int k) {
            return etaMin + (lr0 - etaMin) * (1 + Math.cos(Math.PI * k / tMax)) / 2;
        }

        public TorchSched construct(LrGroup g) {
            return new TorchSched(g) {
                // torch/optim/lr_scheduler.py CosineAnnealingLR.get_lr (recursive form)
                double getLr() {
                    if (lastEpoch == 0) {
                        return group.lr;
                    } else if (stepCount == 1 && lastEpoch > 0) {
                        return etaMin + (baseLr - etaMin)
                                * (1 + Math.cos((lastEpoch) * Math.PI / tMax)) / 2;
                    } else if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
                        return group.lr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
                    }
                    return (1 + Math.cos(Math.PI * lastEpoch / tMax))
                            / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                            * (group.lr - etaMin) + etaMin;
                }

                // CosineAnnealingLR._get_closed_form_lr
                @Override
                Double closedFormLr() {
                    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
                }
            }.init();
        }
    }

    record LinearSched(double startFactor, double endFactor, int totalIters) implements Schedule {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "linear");
            m.put("start_factor", startFactor);
            m.put("end_factor", endFactor);
            m.put("total_iters", totalIters);
            return m;
        }

        public double closedForm(double lr0, int k) {
            return lr0 * (startFactor + (endFactor - startFactor) * Math.min(k, totalIters) / totalIters);
        }

        public TorchSched construct(LrGroup g) {
            return new TorchSched(g) {
                // torch/optim/lr_scheduler.py LinearLR.get_lr (recursive form)
                double getLr() {
                    if (lastEpoch == 0) {
                        return group.lr * startFactor;
                    }
                    if (lastEpoch > totalIters) {
                        return group.lr;
                    }
                    return group.lr * (1.0 + (endFactor - startFactor)
                            / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor)));
                }

                // LinearLR._get_closed_form_lr
                @Override
                Double closedFormLr() {
                    return baseLr * (startFactor + (endFactor - startFactor)
                            * Math.min(totalIters, lastEpoch) / totalIters);
                }
            }.init();
        }
    }

    record SequentialSched(List<Schedule> schedules, int[] milestones) implements Schedule {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "sequential");
            List<Object> s = new ArrayList<>();
            for (Schedule x : schedules) {
                s.add(x.toJson());
            }
            m.put("schedules", s);
            m.put("milestones", milestones);
            return m;
        }

        public double closedForm(double lr0, int k) {
            int idx = bisectRight(milestones, k);
            int offset = idx == 0 ? 0 : milestones[idx - 1];
            return schedules.get(idx).closedForm(lr0, k - offset);
        }

        public TorchSched construct(LrGroup g) {
            throw new UnsupportedOperationException("use torchLrs");
        }
    }

    static int bisectRight(int[] a, int x) {
        int i = 0;
        while (i < a.length && a[i] <= x) {
            i++;
        }
        return i;
    }

    /** The lr-holding part of an optimizer param group ({@code group["lr"]}, {@code group["initial_lr"]}). */
    static final class LrGroup {
        double lr;
        Double initialLr;

        LrGroup(double lr) {
            this.lr = lr;
        }
    }

    /** Simulation of torch.optim.lr_scheduler.LRScheduler (torch 2.7), last_epoch=-1. */
    abstract static class TorchSched {
        final LrGroup group;
        double baseLr;
        int lastEpoch = -1;
        int stepCount;

        TorchSched(LrGroup group) {
            this.group = group;
        }

        /** LRScheduler.__init__: group.setdefault("initial_lr", group["lr"]); base_lrs; _initial_step(). */
        TorchSched init() {
            if (group.initialLr == null) {
                group.initialLr = group.lr;
            }
            baseLr = group.initialLr;
            initialStep();
            return this;
        }

        /** LRScheduler._initial_step. */
        void initialStep() {
            stepCount = 0;
            step();
        }

        /** LRScheduler.step() (epoch=None). */
        void step() {
            stepCount++;
            lastEpoch++;
            group.lr = getLr();
        }

        /** LRScheduler.step(epoch): closed form when the scheduler has one. */
        void step(int epoch) {
            stepCount++;
            lastEpoch = epoch;
            Double c = closedFormLr();
            group.lr = c != null ? c : getLr();
        }

        abstract double getLr();

        Double closedFormLr() {
            return null;
        }
    }

    /** The lr torch uses at optimizer step k = 0..n-1 (after k calls of scheduler.step()). */
    static double[] torchLrs(Schedule s, double lr0, int n) {
        double[] lrs = new double[n];
        LrGroup g = new LrGroup(lr0);
        if (s == null) {
            java.util.Arrays.fill(lrs, lr0);
            return lrs;
        }
        if (s instanceof SequentialSched seq) {
            // SequentialLR.__init__: the sub-schedulers are constructed first (each steps once)
            List<TorchSched> subs = new ArrayList<>();
            for (Schedule x : seq.schedules()) {
                subs.add(x.construct(g));
            }
            int lastEpoch = 0; // last_epoch + 1
            g.lr = g.initialLr; // reset learning rates back to initial values
            for (TorchSched t : subs) {
                t.lastEpoch -= 1; // "undo" the step performed by the other schedulers
            }
            subs.get(0).initialStep();
            lrs[0] = g.lr;
            for (int k = 1; k < n; k++) {
                // SequentialLR.step
                lastEpoch += 1;
                int idx = bisectRight(seq.milestones(), lastEpoch);
                TorchSched sch = subs.get(idx);
                if (idx > 0 && seq.milestones()[idx - 1] == lastEpoch) {
                    sch.step(0);
                } else {
                    sch.step();
                }
                lrs[k] = g.lr;
            }
            return lrs;
        }
        TorchSched t = s.construct(g);
        lrs[0] = g.lr;
        for (int k = 1; k < n; k++) {
            t.step();
            lrs[k] = g.lr;
        }
        return lrs;
    }

    // ================================================================ torch: loss and gradients

    record TorchEval(double loss, NDArray[] grads) {}

    /**
     * Loss and parameter gradients from torch's LSTM (at::lstm) through DJL autograd, at the
     * given parameters (which are not modified).
     */
    static TorchEval torchLossAndGrad(NDManager m, NDArray[] params, NDArray x, NDArray gOut) {
        NDArray[] leaves = new NDArray[4];
        for (int i = 0; i < 4; i++) {
            leaves[i] = params[i].duplicate();
        }
        NDArray h0 = m.zeros(new Shape(1, N, H), DataType.FLOAT64);
        NDArray c0 = m.zeros(new Shape(1, N, H), DataType.FLOAT64);
        double loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (NDArray a : leaves) {
                a.setRequiresGradient(true);
            }
            // lstm(input, NDList(h0,c0), params [w_ih, w_hh, b_ih, b_hh], hasBiases, numLayers,
            //      dropRate, train, bidirectional, batchFirst); gate order i,f,g,o
            NDList res = x.getNDArrayInternal().lstm(
                    x, new NDList(h0, c0), new NDList(leaves), true, 1, 0.0, true, false, false);
            NDArray out = res.get(0);
            expect(out, new Shape(T, N, H));
            // L = sum(output * G) + 0.5 * sum(output^2)
            NDArray l = out.mul(gOut).sum().add(out.square().sum().mul(0.5));
            gc.backward(l);
            loss = l.toDoubleArray()[0];
        }
        NDArray[] grads = new NDArray[4];
        for (int i = 0; i < 4; i++) {
            grads[i] = leaves[i].getGradient().duplicate();
            expect(grads[i], shape(i));
        }
        return new TorchEval(loss, grads);
    }

    static void expect(NDArray a, Shape s) {
        if (!a.getShape().equals(s)) {
            throw new IllegalStateException("shape " + a.getShape() + " != " + s);
        }
        if (a.getDataType() != DataType.FLOAT64) {
            throw new IllegalStateException("dtype " + a.getDataType());
        }
    }

    static NDArray[] toNd(NDManager m, double[][] p) {
        NDArray[] a = new NDArray[4];
        for (int i = 0; i < 4; i++) {
            a[i] = m.create(p[i], shape(i));
        }
        return a;
    }

    static double[][] toJava(NDArray[] a) {
        double[][] p = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            p[i] = a[i].toDoubleArray();
        }
        return p;
    }

    // ================================================================ torch: clip_grad_norm_

    /**
     * Transcribes torch/nn/utils/clip_grad.py (torch 2.7) {@code _get_total_norm} for norm_type=2:
     * {@code norms = [torch.linalg.vector_norm(g, 2) for g in grads];
     * total_norm = torch.linalg.vector_norm(torch.stack(norms), 2)}.
     */
    static NDArray totalNorm(NDArray[] grads) {
        NDList norms = new NDList();
        for (NDArray g : grads) {
            norms.add(g.flatten().norm(2, new int[] {0}, false));
        }
        return NDArrays.stack(norms).norm(2, new int[] {0}, false);
    }

    /**
     * Transcribes torch/nn/utils/clip_grad.py (torch 2.7) {@code _clip_grads_with_norm_} (CPU,
     * per-tensor loop): {@code clip_coef = max_norm / (total_norm + 1e-6)} (a Python float divided
     * by a tensor is {@code tensor.reciprocal() * float}); {@code clip_coef_clamped =
     * torch.clamp(clip_coef, max=1.0)}; {@code g.mul_(clip_coef_clamped)} for every g.
     */
    static NDArray[] clipWithNorm(NDManager m, NDArray[] grads, NDArray total, double maxNorm) {
        NDArray denom = total.add(1e-6);
        NDArray clipCoef = m.create(1.0).div(denom).mul(maxNorm);
        NDArray clamped = clipCoef.minimum(1.0);
        NDArray[] out = new NDArray[grads.length];
        for (int i = 0; i < grads.length; i++) {
            out[i] = grads[i].mul(clamped);
        }
        return out;
    }

    // ================================================================ torch: update rules (NDArray)

    /** Torch arithmetic helpers composing ATen's fused ops from DJL primitives. */
    static NDArray addAlpha(NDArray self, NDArray other, double alpha) {
        return self.add(other.mul(alpha)); // self.add(other, alpha=alpha): self + alpha*other
    }

    static NDArray addcmul(NDArray self, NDArray t1, NDArray t2, double value) {
        return self.add(t1.mul(value).mul(t2)); // self + value * t1 * t2
    }

    static NDArray addcdiv(NDArray self, NDArray t1, NDArray t2, double value) {
        return self.add(t1.mul(value).div(t2)); // self + value * t1 / t2
    }

    static NDArray lerp(NDArray self, NDArray end, double weight) {
        // ATen lerp: |w| < 0.5 ? self + w*(end-self) : end - (end-self)*(1-w)
        if (Math.abs(weight) < 0.5) {
            return self.add(end.sub(self).mul(weight));
        }
        return end.sub(end.sub(self).mul(1 - weight));
    }

    /** One optimizer; {@code step} replaces the entries of {@code p} by the updated parameters. */
    abstract static class NdOptimizer {
        abstract void step(NDManager m, NDArray[] p, NDArray[] grads, double lr);
    }

    static NdOptimizer ndOptimizer(Case c) {
        Map<String, Object> h = c.hyper();
        return switch (c.optimizer()) {
            case "sgd" -> new NdSgd(num(h, "momentum"), num(h, "dampening"),
                    num(h, "weight_decay"), flag(h, "nesterov"));
            case "adam", "adamw" -> new NdAdam(betas(h)[0], betas(h)[1], num(h, "eps"),
                    num(h, "weight_decay"), flag(h, "amsgrad"), c.optimizer().equals("adamw"));
            case "rmsprop" -> new NdRmsprop(num(h, "alpha"), num(h, "eps"), num(h, "weight_decay"),
                    num(h, "momentum"), flag(h, "centered"));
            case "adagrad" -> new NdAdagrad(num(h, "lr_decay"), num(h, "weight_decay"),
                    num(h, "initial_accumulator_value"), num(h, "eps"));
            default -> throw new IllegalArgumentException(c.optimizer());
        };
    }

    // Transcribes torch/optim/sgd.py::_single_tensor_sgd (torch 2.7.1).
    static final class NdSgd extends NdOptimizer {
        final double momentum, dampening, weightDecay;
        final boolean nesterov;
        final NDArray[] momentumBufferList = new NDArray[4]; // state["momentum_buffer"], None at first

        NdSgd(double momentum, double dampening, double weightDecay, boolean nesterov) {
            this.momentum = momentum;
            this.dampening = dampening;
            this.weightDecay = weightDecay;
            this.nesterov = nesterov;
        }

        @Override
        void step(NDManager m, NDArray[] params, NDArray[] grads, double lr) {
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i];
                NDArray grad = grads[i]; // maximize=False
                if (weightDecay != 0) {
                    grad = addAlpha(grad, param, weightDecay); // grad = grad.add(param, alpha=weight_decay)
                }
                if (momentum != 0) {
                    NDArray buf = momentumBufferList[i];
                    if (buf == null) {
                        buf = grad.duplicate(); // buf = torch.clone(grad).detach()
                    } else {
                        // buf.mul_(momentum).add_(grad, alpha=1 - dampening)
                        buf = addAlpha(buf.mul(momentum), grad, 1 - dampening);
                    }
                    momentumBufferList[i] = buf;
                    if (nesterov) {
                        grad = addAlpha(grad, buf, momentum); // grad = grad.add(buf, alpha=momentum)
                    } else {
                        grad = buf;
                    }
                }
                params[i] = addAlpha(param, grad, -lr); // param.add_(grad, alpha=-lr)
            }
        }
    }

    // Transcribes torch/optim/adam.py::_single_tensor_adam (torch 2.7.1). AdamW is the same function
    // with decoupled weight decay (torch 2.7: AdamW subclasses Adam with decoupled_weight_decay=True;
    // earlier releases: torch/optim/adamw.py::_single_tensor_adamw, identical arithmetic).
    static final class NdAdam extends NdOptimizer {
        final double beta1, beta2, eps, weightDecay;
        final boolean amsgrad, decoupledWeightDecay;
        final NDArray[] expAvgs = new NDArray[4];
        final NDArray[] expAvgSqs = new NDArray[4];
        final NDArray[] maxExpAvgSqs = new NDArray[4];
        final double[] stateSteps = new double[4]; // state["step"] = torch.tensor(0.0)

        NdAdam(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
               boolean decoupledWeightDecay) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.amsgrad = amsgrad;
            this.decoupledWeightDecay = decoupledWeightDecay;
        }

        @Override
        void step(NDManager m, NDArray[] params, NDArray[] grads, double lr) {
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i];
                if (expAvgs[i] == null) { // _init_group: lazy state initialization
                    expAvgs[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    expAvgSqs[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    if (amsgrad) {
                        maxExpAvgSqs[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    }
                }
                NDArray grad = grads[i]; // maximize=False
                NDArray expAvg = expAvgs[i];
                NDArray expAvgSq = expAvgSqs[i];
                stateSteps[i] += 1; // step_t += 1
                if (weightDecay != 0) {
                    if (decoupledWeightDecay) {
                        param = param.mul(1 - lr * weightDecay); // param.mul_(1 - lr * weight_decay)
                    } else {
                        grad = addAlpha(grad, param, weightDecay); // grad = grad.add(param, alpha=weight_decay)
                    }
                }
                // Decay the first and second moment running average coefficient
                expAvg = lerp(expAvg, grad, 1 - beta1); // exp_avg.lerp_(grad, 1 - beta1)
                // exp_avg_sq.mul_(beta2).addcmul_(grad, grad.conj(), value=1 - beta2)
                expAvgSq = addcmul(expAvgSq.mul(beta2), grad, grad, 1 - beta2);
                expAvgs[i] = expAvg;
                expAvgSqs[i] = expAvgSq;

                double step = stateSteps[i]; // step = _get_value(step_t)
                double biasCorrection1 = 1 - Math.pow(beta1, step);
                double biasCorrection2 = 1 - Math.pow(beta2, step);
                double stepSize = lr / biasCorrection1;
                double biasCorrection2Sqrt = Math.sqrt(biasCorrection2); // bias_correction2**0.5
                NDArray denom;
                if (amsgrad) {
                    // torch.maximum(max_exp_avg_sqs[i], exp_avg_sq, out=max_exp_avg_sqs[i])
                    maxExpAvgSqs[i] = maxExpAvgSqs[i].maximum(expAvgSq);
                    // denom = (max_exp_avg_sqs[i].sqrt() / bias_correction2_sqrt).add_(eps)
                    denom = maxExpAvgSqs[i].sqrt().div(biasCorrection2Sqrt).add(eps);
                } else {
                    // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
                    denom = expAvgSq.sqrt().div(biasCorrection2Sqrt).add(eps);
                }
                params[i] = addcdiv(param, expAvg, denom, -stepSize); // param.addcdiv_(exp_avg, denom, value=-step_size)
            }
        }
    }

    // Transcribes torch/optim/rmsprop.py::_single_tensor_rmsprop (torch 2.7.1).
    static final class NdRmsprop extends NdOptimizer {
        final double alpha, eps, weightDecay, momentum;
        final boolean centered;
        final NDArray[] squareAvgs = new NDArray[4];
        final NDArray[] gradAvgs = new NDArray[4];
        final NDArray[] momentumBufferList = new NDArray[4];

        NdRmsprop(double alpha, double eps, double weightDecay, double momentum, boolean centered) {
            this.alpha = alpha;
            this.eps = eps;
            this.weightDecay = weightDecay;
            this.momentum = momentum;
            this.centered = centered;
        }

        @Override
        void step(NDManager m, NDArray[] params, NDArray[] grads, double lr) {
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i];
                if (squareAvgs[i] == null) { // _init_group: zeros_like
                    squareAvgs[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    if (momentum > 0) {
                        momentumBufferList[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    }
                    if (centered) {
                        gradAvgs[i] = m.zeros(param.getShape(), DataType.FLOAT64);
                    }
                }
                NDArray grad = grads[i]; // maximize=False
                NDArray squareAvg = squareAvgs[i];
                if (weightDecay != 0) {
                    grad = addAlpha(grad, param, weightDecay); // grad = grad.add(param, alpha=weight_decay)
                }
                // square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                squareAvg = addcmul(squareAvg.mul(alpha), grad, grad, 1 - alpha);
                squareAvgs[i] = squareAvg;
                NDArray avg;
                if (centered) {
                    NDArray gradAvg = lerp(gradAvgs[i], grad, 1 - alpha); // grad_avg.lerp_(grad, 1 - alpha)
                    gradAvgs[i] = gradAvg;
                    // avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                    avg = addcmul(squareAvg, gradAvg, gradAvg, -1).sqrt();
                } else {
                    avg = squareAvg.sqrt(); // avg = square_avg.sqrt()
                }
                avg = avg.add(eps); // avg = avg.add_(eps)
                if (momentum > 0) {
                    // buf.mul_(momentum).addcdiv_(grad, avg)
                    NDArray buf = addcdiv(momentumBufferList[i].mul(momentum), grad, avg, 1.0);
                    momentumBufferList[i] = buf;
                    params[i] = addAlpha(param, buf, -lr); // param.add_(buf, alpha=-lr)
                } else {
                    params[i] = addcdiv(param, grad, avg, -lr); // param.addcdiv_(grad, avg, value=-lr)
                }
            }
        }
    }

    // Transcribes torch/optim/adagrad.py::_single_tensor_adagrad (torch 2.7.1), dense gradients.
    static final class NdAdagrad extends NdOptimizer {
        final double lrDecay, weightDecay, initialAccumulatorValue, eps;
        final NDArray[] stateSums = new NDArray[4];
        final double[] stateSteps = new double[4];

        NdAdagrad(double lrDecay, double weightDecay, double initialAccumulatorValue, double eps) {
            this.lrDecay = lrDecay;
            this.weightDecay = weightDecay;
            this.initialAccumulatorValue = initialAccumulatorValue;
            this.eps = eps;
        }

        @Override
        void step(NDManager m, NDArray[] params, NDArray[] grads, double lr) {
            for (int i = 0; i < params.length; i++) {
                NDArray param = params[i];
                if (stateSums[i] == null) {
                    // Adagrad.__init__: state["sum"] = torch.full_like(p, initial_accumulator_value)
                    // (NDManager.full takes a float, so fill a double[] to keep the value exact)
                    double[] fill = new double[(int) param.getShape().size()];
                    java.util.Arrays.fill(fill, initialAccumulatorValue);
                    stateSums[i] = m.create(fill, param.getShape());
                }
                stateSteps[i] += 1; // step_t += 1
                double step = stateSteps[i]; // step = _get_value(step_t)
                NDArray grad = grads[i]; // maximize=False
                if (weightDecay != 0) {
                    grad = addAlpha(grad, param, weightDecay); // grad = grad.add(param, alpha=weight_decay)
                }
                double clr = lr / (1 + (step - 1) * lrDecay);
                NDArray stateSum = addcmul(stateSums[i], grad, grad, 1.0); // state_sum.addcmul_(grad, grad, value=1)
                stateSums[i] = stateSum;
                NDArray std = stateSum.sqrt().add(eps); // std = state_sum.sqrt().add_(eps)
                params[i] = addcdiv(param, grad, std, -clr); // param.addcdiv_(grad, std, value=-clr)
            }
        }
    }

    // ================================================================ run through torch

    static final class Run {
        final double[] losses = new double[STEPS];
        final double[] gradNorms = new double[STEPS];
        final double[] javaNormsOfTorchGrads = new double[STEPS]; // check (3)
        final double[][][] trajectory = new double[STEPS][][];
        double[] lrs;
    }

    static Run runTorch(NDManager m, Problem pb, Case c, double[] lrs) {
        Run r = new Run();
        r.lrs = lrs;
        NDArray x = m.create(pb.input(), new Shape(T, N, X));
        NDArray gOut = m.create(pb.gOut(), new Shape(T, N, H));
        NDArray[] p = toNd(m, pb.init());
        NdOptimizer opt = ndOptimizer(c);
        for (int k = 0; k < STEPS; k++) {
            TorchEval ev = torchLossAndGrad(m, p, x, gOut);
            r.losses[k] = ev.loss();
            NDArray[] grads = ev.grads();
            NDArray total = totalNorm(grads);
            r.gradNorms[k] = total.toDoubleArray()[0];
            r.javaNormsOfTorchGrads[k] = javaNorm(toJava(grads));
            if (c.clipMaxNorm() != null) {
                grads = clipWithNorm(m, grads, total, c.clipMaxNorm());
            }
            opt.step(m, p, grads, lrs[k]);
            for (int i = 0; i < 4; i++) {
                expect(p[i], shape(i));
            }
            r.trajectory[k] = toJava(p);
        }
        return r;
    }

    // ================================================================ plain-Java reference

    static double javaNorm(double[][] g) {
        double s = 0;
        for (double[] a : g) {
            for (double v : a) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    /** Textbook update rules in plain double arithmetic (independent of the transcription above). */
    interface JavaRule {
        void step(double[][] p, double[][] g, double lr);
    }

    static JavaRule javaRule(Case c) {
        Map<String, Object> h = c.hyper();
        switch (c.optimizer()) {
            case "sgd": {
                double mom = num(h, "momentum"), damp = num(h, "dampening"), wd = num(h, "weight_decay");
                boolean nest = flag(h, "nesterov");
                double[][] buf = new double[4][];
                return (p, g, lr) -> {
                    for (int i = 0; i < 4; i++) {
                        double[] d = new double[p[i].length];
                        for (int j = 0; j < d.length; j++) {
                            d[j] = g[i][j] + wd * p[i][j];
                        }
                        if (mom != 0) {
                            if (buf[i] == null) {
                                buf[i] = d.clone();
                            } else {
                                for (int j = 0; j < d.length; j++) {
                                    buf[i][j] = mom * buf[i][j] + (1 - damp) * d[j];
                                }
                            }
                            for (int j = 0; j < d.length; j++) {
                                d[j] = nest ? d[j] + mom * buf[i][j] : buf[i][j];
                            }
                        }
                        for (int j = 0; j < d.length; j++) {
                            p[i][j] -= lr * d[j];
                        }
                    }
                };
            }
            case "adam":
            case "adamw": {
                double b1 = betas(h)[0], b2 = betas(h)[1], eps = num(h, "eps"), wd = num(h, "weight_decay");
                boolean ams = flag(h, "amsgrad"), decoupled = c.optimizer().equals("adamw");
                double[][] mm = new double[4][], vv = new double[4][], vmax = new double[4][];
                int[] t = {0};
                return (p, g, lr) -> {
                    t[0]++;
                    double bc1 = 1 - Math.pow(b1, t[0]);
                    double bc2 = 1 - Math.pow(b2, t[0]);
                    for (int i = 0; i < 4; i++) {
                        int n = p[i].length;
                        if (mm[i] == null) {
                            mm[i] = new double[n];
                            vv[i] = new double[n];
                            vmax[i] = new double[n];
                        }
                        for (int j = 0; j < n; j++) {
                            double gj = g[i][j];
                            if (decoupled) {
                                p[i][j] *= 1 - lr * wd;
                            } else {
                                gj += wd * p[i][j];
                            }
                            mm[i][j] = b1 * mm[i][j] + (1 - b1) * gj;
                            vv[i][j] = b2 * vv[i][j] + (1 - b2) * gj * gj;
                            double v = vv[i][j];
                            if (ams) {
                                vmax[i][j] = Math.max(vmax[i][j], vv[i][j]);
                                v = vmax[i][j];
                            }
                            double mHat = mm[i][j] / bc1;
                            p[i][j] -= lr * mHat / (Math.sqrt(v / bc2) + eps);
                        }
                    }
                };
            }
            case "rmsprop": {
                double alpha = num(h, "alpha"), eps = num(h, "eps"), wd = num(h, "weight_decay"),
                        mom = num(h, "momentum");
                boolean centered = flag(h, "centered");
                double[][] sq = new double[4][], ga = new double[4][], buf = new double[4][];
                return (p, g, lr) -> {
                    for (int i = 0; i < 4; i++) {
                        int n = p[i].length;
                        if (sq[i] == null) {
                            sq[i] = new double[n];
                            ga[i] = new double[n];
                            buf[i] = new double[n];
                        }
                        for (int j = 0; j < n; j++) {
                            double gj = g[i][j] + wd * p[i][j];
                            sq[i][j] = alpha * sq[i][j] + (1 - alpha) * gj * gj;
                            double avg;
                            if (centered) {
                                ga[i][j] = alpha * ga[i][j] + (1 - alpha) * gj;
                                avg = Math.sqrt(sq[i][j] - ga[i][j] * ga[i][j]) + eps;
                            } else {
                                avg = Math.sqrt(sq[i][j]) + eps;
                            }
                            if (mom > 0) {
                                buf[i][j] = mom * buf[i][j] + gj / avg;
                                p[i][j] -= lr * buf[i][j];
                            } else {
                                p[i][j] -= lr * gj / avg;
                            }
                        }
                    }
                };
            }
            case "adagrad": {
                double lrDecay = num(h, "lr_decay"), wd = num(h, "weight_decay"),
                        init = num(h, "initial_accumulator_value"), eps = num(h, "eps");
                double[][] sum = new double[4][];
                int[] t = {0};
                return (p, g, lr) -> {
                    t[0]++;
                    double clr = lr / (1 + (t[0] - 1) * lrDecay);
                    for (int i = 0; i < 4; i++) {
                        int n = p[i].length;
                        if (sum[i] == null) {
                            sum[i] = new double[n];
                            java.util.Arrays.fill(sum[i], init);
                        }
                        for (int j = 0; j < n; j++) {
                            double gj = g[i][j] + wd * p[i][j];
                            sum[i][j] += gj * gj;
                            p[i][j] -= clr * gj / (Math.sqrt(sum[i][j]) + eps);
                        }
                    }
                };
            }
            default:
                throw new IllegalArgumentException(c.optimizer());
        }
    }

    /** Same 25 steps: plain-Java rules, closed-form lrs, plain-Java clipping; gradients from torch. */
    static Run runJava(NDManager m, Problem pb, Case c) {
        Run r = new Run();
        double lr0 = num(c.hyper(), "lr");
        r.lrs = new double[STEPS];
        for (int k = 0; k < STEPS; k++) {
            r.lrs[k] = c.schedule() == null ? lr0 : c.schedule().closedForm(lr0, k);
        }
        NDArray x = m.create(pb.input(), new Shape(T, N, X));
        NDArray gOut = m.create(pb.gOut(), new Shape(T, N, H));
        double[][] p = new double[4][];
        for (int i = 0; i < 4; i++) {
            p[i] = pb.init()[i].clone();
        }
        JavaRule rule = javaRule(c);
        for (int k = 0; k < STEPS; k++) {
            TorchEval ev = torchLossAndGrad(m, toNd(m, p), x, gOut);
            r.losses[k] = ev.loss();
            double[][] g = toJava(ev.grads());
            double norm = javaNorm(g);
            r.gradNorms[k] = norm;
            if (c.clipMaxNorm() != null) {
                double coef = c.clipMaxNorm() / (norm + 1e-6);
                if (coef < 1) {
                    for (double[] a : g) {
                        for (int j = 0; j < a.length; j++) {
                            a[j] *= coef;
                        }
                    }
                }
            }
            rule.step(p, g, r.lrs[k]);
            double[][] snap = new double[4][];
            for (int i = 0; i < 4; i++) {
                snap[i] = p[i].clone();
            }
            r.trajectory[k] = snap;
        }
        return r;
    }

    static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** Plain-Java LSTM forward (gates i,f,g,o; zero h0/c0) and the loss. */
    static double javaLoss(double[][] p, double[] input, double[] gOut) {
        double[] wih = p[0], whh = p[1], bih = p[2], bhh = p[3];
        double[] h = new double[N * H], c = new double[N * H];
        double loss = 0;
        for (int t = 0; t < T; t++) {
            double[] hn = new double[N * H], cn = new double[N * H];
            for (int b = 0; b < N; b++) {
                for (int j = 0; j < H; j++) {
                    double[] pre = new double[4];
                    for (int gate = 0; gate < 4; gate++) {
                        int row = gate * H + j;
                        double s = bih[row] + bhh[row];
                        for (int k = 0; k < X; k++) {
                            s += wih[row * X + k] * input[(t * N + b) * X + k];
                        }
                        for (int k = 0; k < H; k++) {
                            s += whh[row * H + k] * h[b * H + k];
                        }
                        pre[gate] = s;
                    }
                    double ig = sigmoid(pre[0]), fg = sigmoid(pre[1]);
                    double gg = Math.tanh(pre[2]), og = sigmoid(pre[3]);
                    cn[b * H + j] = fg * c[b * H + j] + ig * gg;
                    hn[b * H + j] = og * Math.tanh(cn[b * H + j]);
                    double o = hn[b * H + j];
                    loss += o * gOut[(t * N + b) * H + j] + 0.5 * o * o;
                }
            }
            h = hn;
            c = cn;
        }
        return loss;
    }

    // ================================================================ checks

    static double rel(double a, double b) {
        double d = Math.abs(a - b);
        if (d == 0) {
            return 0;
        }
        return d / Math.max(Math.abs(a), Math.abs(b));
    }

    static double maxRel(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("length " + a.length + " != " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, rel(a[i], b[i]));
        }
        return m;
    }

    static double maxRel(double[][][] a, double[][][] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                m = Math.max(m, maxRel(a[k][i], b[k][i]));
            }
        }
        return m;
    }

    static double maxAbs(double[][][] a, double[][][] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                for (int j = 0; j < a[k][i].length; j++) {
                    m = Math.max(m, Math.abs(a[k][i][j] - b[k][i][j]));
                }
            }
        }
        return m;
    }

    static boolean check(String what, double v, double tol, StringBuilder log) {
        boolean ok = v <= tol;
        log.append(String.format("    %-44s %.3e  (tol %.0e) %s%n", what, v, tol, ok ? "OK" : "FAIL"));
        return ok;
    }

    // ================================================================ JSON

    static Map<String, Object> tensor(double[] data, int... shape) {
        if (size(shape) != data.length) {
            throw new IllegalStateException("shape/data mismatch");
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("shape", shape);
        t.put("data", data);
        return t;
    }

    static Map<String, Object> paramsJson(double[][] p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            m.put(NAMES[i], p[i]);
        }
        return m;
    }

    static Map<String, Object> caseJson(Case c, Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("optimizer", c.optimizer());
        m.put("hyper", c.hyper());
        m.put("schedule", c.schedule() == null ? null : c.schedule().toJson());
        if (c.clipMaxNorm() == null) {
            m.put("clip", null);
        } else {
            Map<String, Object> clip = new LinkedHashMap<>();
            clip.put("max_norm", c.clipMaxNorm());
            m.put("clip", clip);
        }
        m.put("lrs", r.lrs);
        m.put("grad_norms", r.gradNorms);
        m.put("losses", r.losses);
        List<Object> traj = new ArrayList<>();
        for (double[][] p : r.trajectory) {
            traj.add(paramsJson(p));
        }
        m.put("trajectory", traj);
        return m;
    }

    // ================================================================ main

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: OptimizerTrajectoryGenerator OUT.json");
            System.exit(2);
        }
        // Offline: never try to download libtorch; the native library comes from the
        // pytorch-native-cpu jar on the class path. (Can be overridden with -D.)
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        long t0 = System.nanoTime();
        Path out = Path.of(args[0]).toAbsolutePath();

        Problem pb = draw();
        List<Case> cases = cases();

        Engine engine = Engine.getEngine("PyTorch");
        String torchVersion = engine.getVersion();
        System.out.println("Engine: " + engine.getEngineName() + " version " + torchVersion
                + ", DJL " + Engine.getDjlVersion() + ", seed " + SEED);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generator", OptimizerTrajectoryGenerator.class.getName());
        root.put("torch", torchVersion);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "lstm");
        model.put("input_size", X);
        model.put("hidden_size", H);
        model.put("batch", N);
        model.put("steps", T);
        root.put("model", model);
        root.put("loss", "sum(output * grad_output) + 0.5 * sum(output^2)");
        Map<String, Object> initial = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            initial.put(NAMES[i], tensor(pb.init()[i], SHAPES[i]));
        }
        root.put("initial", initial);
        root.put("input", tensor(pb.input(), T, N, X));
        root.put("grad_output", tensor(pb.gOut(), T, N, H));
        List<Object> casesJson = new ArrayList<>();
        root.put("cases", casesJson);

        boolean allOk = true;
        try (NDManager manager = engine.newBaseManager(Device.cpu())) {
            // extra: torch's gradient at the initial point vs FD of the plain-Java loss
            {
                StringBuilder log = new StringBuilder("initial point\n");
                try (NDManager m = manager.newSubManager()) {
                    NDArray x = m.create(pb.input(), new Shape(T, N, X));
                    NDArray gOut = m.create(pb.gOut(), new Shape(T, N, H));
                    TorchEval ev = torchLossAndGrad(m, toNd(m, pb.init()), x, gOut);
                    double[][] g = toJava(ev.grads());
                    allOk &= check("loss vs java LSTM (rel)",
                            rel(ev.loss(), javaLoss(pb.init(), pb.input(), pb.gOut())), REL_TOL, log);
                    double[][] p = new double[4][];
                    for (int i = 0; i < 4; i++) {
                        p[i] = pb.init()[i].clone();
                    }
                    for (int i = 0; i < 4; i++) {
                        double md = 0;
                        for (int j = 0; j < p[i].length; j++) {
                            double orig = p[i][j];
                            p[i][j] = orig + FD_EPS;
                            double lp = javaLoss(p, pb.input(), pb.gOut());
                            p[i][j] = orig - FD_EPS;
                            double lm = javaLoss(p, pb.input(), pb.gOut());
                            p[i][j] = orig;
                            md = Math.max(md, Math.abs(g[i][j] - (lp - lm) / (2 * FD_EPS)));
                        }
                        allOk &= check("grad_" + NAMES[i] + " vs FD (abs)", md, FD_TOL, log);
                    }
                }
                System.out.print(log);
            }

            for (Case c : cases) {
                StringBuilder log = new StringBuilder();
                log.append(String.format("%s (%s, hyper=%s, schedule=%s, clip=%s)%n", c.name(),
                        c.optimizer(), hyperString(c.hyper()),
                        c.schedule() == null ? "none"
                                : new ObjectMapper().writeValueAsString(c.schedule().toJson()),
                        c.clipMaxNorm() == null ? "none" : c.clipMaxNorm()));
                boolean ok = true;
                try (NDManager m = manager.newSubManager()) {
                    double lr0 = num(c.hyper(), "lr");
                    double[] lrs = torchLrs(c.schedule(), lr0, STEPS);
                    Run tr = runTorch(m, pb, c, lrs);
                    Run jr = runJava(m, pb, c);

                    ok &= check("lrs: torch schedulers vs closed form (rel)",
                            maxRel(tr.lrs, jr.lrs), REL_TOL, log);
                    // (1) trajectories: NDArray transcription vs plain-Java rules
                    double trRel = maxRel(tr.trajectory, jr.trajectory);
                    ok &= check("(1) trajectory vs plain Java (max rel)", trRel, REL_TOL, log);
                    log.append(String.format("    %-44s %.3e%n", "    trajectory vs plain Java (max abs)",
                            maxAbs(tr.trajectory, jr.trajectory)));
                    ok &= check("    losses vs plain-Java run (rel)",
                            maxRel(tr.losses, jr.losses), REL_TOL, log);
                    // (2) loss decreases overall
                    boolean dec = tr.losses[STEPS - 1] < tr.losses[0];
                    log.append(String.format("    %-44s %.6f -> %.6f (drop %.6f) %s%n",
                            "(2) loss step 0 -> step 24", tr.losses[0], tr.losses[STEPS - 1],
                            tr.losses[0] - tr.losses[STEPS - 1], dec ? "OK" : "FAIL (not decreasing)"));
                    ok &= dec;
                    // (3) grad norms
                    ok &= check("(3) grad_norms vs plain-Java norm (rel)",
                            maxRel(tr.gradNorms, tr.javaNormsOfTorchGrads), REL_TOL, log);
                    ok &= check("    grad_norms vs plain-Java run (rel)",
                            maxRel(tr.gradNorms, jr.gradNorms), REL_TOL, log);
                    // extra: recorded losses vs plain-Java LSTM forward at the recorded params
                    double lossRel = rel(tr.losses[0], javaLoss(pb.init(), pb.input(), pb.gOut()));
                    for (int k = 1; k < STEPS; k++) {
                        lossRel = Math.max(lossRel, rel(tr.losses[k],
                                javaLoss(tr.trajectory[k - 1], pb.input(), pb.gOut())));
                    }
                    ok &= check("    losses vs plain-Java LSTM forward (rel)", lossRel, REL_TOL, log);
                    if (c.clipMaxNorm() != null) {
                        int clipped = 0;
                        for (double g : tr.gradNorms) {
                            if (c.clipMaxNorm() / (g + 1e-6) < 1) {
                                clipped++;
                            }
                        }
                        log.append(String.format("    clipping active in %d of %d steps "
                                        + "(grad norm %.4f .. %.4f)%n", clipped, STEPS,
                                min(tr.gradNorms), max(tr.gradNorms)));
                    }
                    casesJson.add(caseJson(c, tr));
                }
                System.out.print(log);
                allOk &= ok;
            }
        }

        if (!allOk) {
            System.err.println("SANITY CHECKS FAILED; fixture not written");
            System.exit(1);
        }
        ObjectMapper mapper = new ObjectMapper();
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
        pp.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        pp.indentArraysWith(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        Files.createDirectories(out.getParent());
        mapper.writer(pp).writeValue(out.toFile(), root);
        System.out.printf("wrote %s (%d bytes) in %.1f s%n", out, Files.size(out),
                (System.nanoTime() - t0) / 1e9);
        System.out.println("All sanity checks passed.");
    }

    static String hyperString(Map<String, Object> h) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : h.entrySet()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            Object v = e.getValue();
            s.append(e.getKey()).append('=')
                    .append(v instanceof double[] d ? java.util.Arrays.toString(d) : v);
        }
        return s.append('}').toString();
    }

    static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
