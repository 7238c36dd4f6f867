package org.rnnlab.experiments.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/**
 * The demo job: a cell learns to recall, after {@code T} steps, the first value of a sequence of U(−1, 1) values
 * (many-to-one). Prediction {@code ŷ = w·h_T + b}, loss MSE; predicting 0 scores 1/3, the variance of U(−1, 1).
 * Trained with SGD with momentum 0.9 and gradient clipping by global norm 1 (Pascanu et al. 2013), written out
 * here because the demo is deliberately self-contained.
 */
public final class RecallDemo {
    /** MSE of always predicting 0: Var U(−1, 1). */
    public static final double BASELINE = 1.0 / 3.0;

    /**
     * @param steps        T, the lag to bridge
     * @param batch        sequences per step
     * @param iterations   optimizer steps
     * @param learningRate SGD step size
     * @param seed         data and readout seed
     */
    public record Settings(int steps, int batch, int iterations, double learningRate, long seed) {
        /** Validates the settings. */
        public Settings {
            if (steps < 1 || batch < 1 || iterations < 1) {
                throw new IllegalArgumentException("steps, batch and iterations must be >= 1, got " + steps + ", " + batch + ", " + iterations);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
            }
        }

        /** The defaults of {@code ./rnnlab demo}. */
        public static Settings defaults() {
            return new Settings(8, 32, 2000, 0.1, 1);
        }
    }

    /** The loss at one iteration (averaged over the previous {@code every} iterations). */
    public record Point(int iteration, double loss) {
    }

    private RecallDemo() {
    }

    /**
     * Trains {@code cell} (input size 1) with a linear readout and returns the mean loss of each twentieth of the
     * iterations, reporting each point to {@code listener} as it comes.
     */
    public static List<Point> train(RecurrentCell cell, Settings s, Consumer<Point> listener) {
        if (cell.spec().inputSize() != 1) {
            throw new IllegalArgumentException("the recall demo feeds one value per step; build the cell with inputSize 1, not "
                    + cell.spec().inputSize());
        }
        Precision p = cell.spec().precision();
        int h = cell.outputSize(); // the readout reads h: P values when the cell projects it
        SplittableRandom rnd = new SplittableRandom(s.seed());
        double[] w = new double[h];
        double b = 0;
        for (int j = 0; j < h; j++) {
            w[j] = (2 * rnd.nextDouble() - 1) / Math.sqrt(h);
        }
        List<Tensor> params = new ArrayList<>(cell.parameters().asMap().values());
        List<double[]> velocity = new ArrayList<>();
        for (Tensor t : params) {
            velocity.add(new double[t.size()]);
        }
        double[] vw = new double[h];
        double vb = 0;
        double momentum = 0.9;
        List<Point> curve = new ArrayList<>();
        double sum = 0;
        int every = Math.max(1, s.iterations() / 20);
        Tensor x = Tensor.zeros(p, s.steps(), s.batch(), 1);
        for (int it = 1; it <= s.iterations(); it++) {
            for (int i = 0; i < x.size(); i++) {
                x.set(i, 2 * rnd.nextDouble() - 1);
            }
            ForwardPass pass = cell.forward(x, null);
            Tensor hT = pass.finalState().h();
            Tensor dh = Tensor.zeros(p, s.batch(), h);
            double[] dw = new double[h];
            double db = 0;
            double loss = 0;
            for (int n = 0; n < s.batch(); n++) {
                double pred = b;
                for (int j = 0; j < h; j++) {
                    pred += w[j] * hT.get(n * h + j);
                }
                double err = pred - x.get(n); // target: the value at t = 0 of sequence n
                loss += err * err / s.batch();
                double dpred = 2 * err / s.batch();
                db += dpred;
                for (int j = 0; j < h; j++) {
                    dw[j] += dpred * hT.get(n * h + j);
                    dh.set(n * h + j, dpred * w[j]);
                }
            }
            State gradFinal = State.zeros(cell, s.batch());
            gradFinal.h().copyFrom(dh);
            Gradients g = cell.backward(pass, Upstream.ofFinalState(gradFinal));
            List<Tensor> grads = new ArrayList<>(g.parameters().values());
            double norm2 = db * db;
            for (double v : dw) {
                norm2 += v * v;
            }
            for (Tensor t : grads) {
                for (int i = 0; i < t.size(); i++) {
                    norm2 += t.get(i) * t.get(i);
                }
            }
            double scale = Math.min(1, 1 / Math.max(Math.sqrt(norm2), 1e-12));
            for (int k = 0; k < params.size(); k++) {
                Tensor t = params.get(k);
                double[] v = velocity.get(k);
                for (int i = 0; i < t.size(); i++) {
                    v[i] = momentum * v[i] + scale * grads.get(k).get(i);
                    t.set(i, t.get(i) - s.learningRate() * v[i]);
                }
            }
            for (int j = 0; j < h; j++) {
                vw[j] = momentum * vw[j] + scale * dw[j];
                w[j] -= s.learningRate() * vw[j];
            }
            vb = momentum * vb + scale * db;
            b -= s.learningRate() * vb;
            sum += loss;
            if (it % every == 0) {
                Point pt = new Point(it, sum / every);
                curve.add(pt);
                listener.accept(pt);
                sum = 0;
            }
        }
        return curve;
    }
}
