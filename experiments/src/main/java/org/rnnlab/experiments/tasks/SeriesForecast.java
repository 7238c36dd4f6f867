package org.rnnlab.experiments.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.Loss;
import org.rnnlab.api.layers.MeanSquaredError;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.experiments.data.CsvSeries;
import org.rnnlab.experiments.data.DataDigest;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Dataset;

/**
 * Time-series forecasting: read a window of {@code length} steps, predict the next {@code horizon} values of every
 * feature (one-step with horizon 1; multi-step directly, all horizons at once). Sources: the Mackey–Glass delay
 * equation (Mackey and Glass 1977, τ = 17, the benchmark of Jaeger and Haas 2004), the Lorenz system (1963, σ = 10,
 * ρ = 28, β = 8/3), or a CSV file with a column per feature. The series is split in time order (first 70% train, next
 * 15% validation, last 15% test) and standardised with the training part's mean and deviation. Metric: NRMSE, the root
 * mean squared error over the deviation of the targets (1: predicting the mean); the persistence forecast (the last
 * value seen) is the reference beside it.
 */
public final class SeriesForecast implements Task {
    private final String label;
    private final double[][] z;      // [steps][features], standardised
    private final int features;
    private final int horizon;
    private final int trainEnd;
    private final int validationEnd;
    private final String digest;

    private SeriesForecast(String label, double[][] raw, int horizon, boolean fromFile) {
        this.label = label;
        this.digest = fromFile ? new DataDigest().add(raw).hex() : "";
        this.features = raw[0].length;
        this.horizon = horizon;
        int n = raw.length;
        this.trainEnd = (int) (n * 0.70);
        this.validationEnd = (int) (n * 0.85);
        double[] mean = new double[features];
        double[] sd = new double[features];
        for (int t = 0; t < trainEnd; t++) {
            for (int f = 0; f < features; f++) {
                mean[f] += raw[t][f] / trainEnd;
            }
        }
        for (int t = 0; t < trainEnd; t++) {
            for (int f = 0; f < features; f++) {
                sd[f] += (raw[t][f] - mean[f]) * (raw[t][f] - mean[f]) / trainEnd;
            }
        }
        this.z = new double[n][features];
        for (int t = 0; t < n; t++) {
            for (int f = 0; f < features; f++) {
                z[t][f] = (raw[t][f] - mean[f]) / Math.sqrt(Math.max(sd[f], 1e-300));
            }
        }
    }

    /**
     * From settings: {@code source} ({@code mackey_glass}, {@code lorenz} or {@code csv}), {@code horizon} (default 1),
     * {@code points} (of a generated series, default 10000), {@code file} and {@code columns} (of a CSV).
     */
    public static SeriesForecast create(String name, Settings s) {
        String source = s.text("source", "mackey_glass");
        int horizon = s.integer("horizon", 1);
        int points = s.integer("points", 10_000);
        String file = s.text("file", "");
        List<String> wanted = new ArrayList<>();
        String cols = s.text("columns", "");
        if (!cols.isBlank()) {
            for (String c : cols.split(",")) {
                wanted.add(c.strip());
            }
        }
        s.finish();
        if (horizon < 1 || horizon > 1000) {
            throw new IllegalArgumentException("task '" + name + "': 'horizon' must be in [1, 1000], got " + horizon);
        }
        if (points < 100 || points > 10_000_000) {
            throw new IllegalArgumentException("task '" + name + "': 'points' must be in [100, 10000000], got " + points);
        }
        double[][] raw;
        String label;
        switch (source) {
            case "mackey_glass" -> {
                raw = mackeyGlass(points, 500);
                label = "mackey_glass";
            }
            case "lorenz" -> {
                raw = lorenz(points, 2000);
                label = "lorenz";
            }
            case "csv" -> {
                if (file.isBlank()) {
                    throw new IllegalArgumentException("task '" + name + "': 'file' names the CSV file of a csv source");
                }
                try {
                    raw = CsvSeries.read(Path.of(file), wanted).values();
                } catch (IOException e) {
                    throw new IllegalArgumentException("task '" + name + "': 'file': " + e.getMessage(), e);
                }
                label = Path.of(file).getFileName().toString();
            }
            default -> throw new IllegalArgumentException("task '" + name + "': 'source' must be mackey_glass, lorenz or csv, got '"
                    + source + "'");
        }
        if (raw.length < 20 + 2 * horizon) {
            throw new IllegalArgumentException("task '" + name + "': a series of " + raw.length + " steps is too short to split");
        }
        return new SeriesForecast(label, raw, horizon, source.equals("csv"));
    }

    /**
     * Mackey–Glass, dx/dt = 0.2·x(t−17)/(1 + x(t−17)^10) − 0.1·x(t), from x = 1.2 (history constant), integrated with
     * fourth-order Runge–Kutta at step 0.1 (the delayed value linearly interpolated), sampled every time unit, the first
     * first {@code transientUnits} units (500 for the task) dropped.
     */
    static double[][] mackeyGlass(int points, int transientUnits) {
        double dt = 0.1;
        int perUnit = 10;
        int delay = 170; // τ / dt
        int total = (points + transientUnits) * perUnit + 1;
        double[] x = new double[total + delay];
        java.util.Arrays.fill(x, 0, delay + 1, 1.2);
        for (int i = delay; i < total + delay - 1; i++) {
            double xd0 = x[i - delay];
            double xd1 = x[i - delay + 1];
            double xdh = (xd0 + xd1) / 2;
            double k1 = mg(x[i], xd0);
            double k2 = mg(x[i] + dt / 2 * k1, xdh);
            double k3 = mg(x[i] + dt / 2 * k2, xdh);
            double k4 = mg(x[i] + dt * k3, xd1);
            x[i + 1] = x[i] + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        double[][] out = new double[points][1];
        for (int p = 0; p < points; p++) {
            out[p][0] = x[delay + (transientUnits + p) * perUnit];
        }
        return out;
    }

    private static double mg(double x, double xd) {
        return 0.2 * xd / (1 + Math.pow(xd, 10)) - 0.1 * x;
    }

    /**
     * Lorenz (σ 10, ρ 28, β 8/3) from (1, 1, 1), RK4 at step 0.01, sampled every 0.02 from time 0.02 on, the first
     * {@code skip} steps (2000, 20 time units, for the task) dropped.
     */
    static double[][] lorenz(int points, int skip) {
        double dt = 0.01;
        double[] s = {1, 1, 1};
        double[][] out = new double[points][3];
        for (int i = 0; i < skip + 2 * points; i++) {
            double[] k1 = lz(s);
            double[] k2 = lz(add(s, k1, dt / 2));
            double[] k3 = lz(add(s, k2, dt / 2));
            double[] k4 = lz(add(s, k3, dt));
            for (int d = 0; d < 3; d++) {
                s[d] += dt / 6 * (k1[d] + 2 * k2[d] + 2 * k3[d] + k4[d]);
            }
            if (i >= skip && (i - skip) % 2 == 1) {
                out[(i - skip) / 2] = s.clone();
            }
        }
        return out;
    }

    private static double[] lz(double[] s) {
        return new double[] {10 * (s[1] - s[0]), s[0] * (28 - s[2]) - s[1], s[0] * s[1] - 8.0 / 3 * s[2]};
    }

    private static double[] add(double[] s, double[] k, double h) {
        return new double[] {s[0] + h * k[0], s[1] + h * k[1], s[2] + h * k[2]};
    }

    @Override
    public String name() {
        return "series";
    }

    /** SHA-256 of a CSV source's values; empty for a generated series (its settings fix it). */
    @Override
    public String dataDigest() {
        return digest;
    }

    @Override
    public SequenceMode mode(int length) {
        return new SequenceMode.ManyToOne();
    }

    @Override
    public int inputSize() {
        return features;
    }

    @Override
    public int outputSize() {
        return features * horizon;
    }

    @Override
    public Loss loss() {
        return new MeanSquaredError();
    }

    @Override
    public Metric metric() {
        return Metric.NRMSE;
    }

    /** The mean squared error of predicting the (training) mean: 1 for standardised data. */
    @Override
    public double baselineLoss(int length) {
        return 1.0;
    }

    @Override
    public void checkLength(int length) {
        int shortest = Math.min(trainEnd, Math.min(validationEnd - trainEnd, z.length - validationEnd));
        if (length < 1 || length + horizon > shortest) {
            throw new IllegalArgumentException("a window of " + length + " steps and a horizon of " + horizon + " do not fit the "
                    + shortest + " steps of the smallest split of " + label + "; use windows of at most " + (shortest - horizon));
        }
    }

    @Override
    public Splits splits(int length, DataRequest r) {
        checkLength(length);
        return new Splits(new Windows(0, trainEnd, length, r.precision()), new Windows(trainEnd, validationEnd, length, r.precision()),
                new Windows(validationEnd, z.length, length, r.precision()));
    }

    @Override
    public java.util.Map<String, Double> references(Splits splits) {
        return java.util.Map.of("persistence", persistence(splits.test()));
    }

    @Override
    public double[][] sample(SequenceModel model, Splits splits) {
        return forecast(model, splits.test(), 300);
    }

    /** NRMSE of persistence (every horizon predicts the last value of the window) on a split: the reference a model must beat. */
    public double persistence(Dataset split) {
        Windows w = (Windows) split;
        double sq = 0;
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < w.size(); i++) {
            int last = w.from + i + w.length - 1;
            for (int h = 1; h <= horizon; h++) {
                for (int f = 0; f < features; f++) {
                    double t = z[last + h][f];
                    double d = z[last][f] - t;
                    sq += d * d;
                    sum += t;
                    sumSq += t * t;
                    n++;
                }
            }
        }
        return Evaluation.nrmse(sq, sum, sumSq, n);
    }

    /**
     * The forecasts of the first feature at the furthest horizon by the first {@code n} windows of a split, with the
     * truth: for the report's chart.
     */
    public double[][] forecast(SequenceModel model, Dataset split, int n) {
        Windows w = (Windows) split;
        int count = Math.min(n, w.size());
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
        }
        model.network().phase(Phase.INFERENCE);
        try {
            Batch b = w.batch(idx);
            Tensor out = model.forward(b.input(), b.teacher(), b.mask()).output();
            double[][] r = new double[2][count];
            for (int i = 0; i < count; i++) {
                int at = i * outputSize() + (horizon - 1) * features; // the first feature at the furthest horizon
                r[0][i] = b.target().get(at);
                r[1][i] = out.get(at);
            }
            return r;
        } finally {
            model.network().phase(Phase.TRAINING);
        }
    }

    /** Windows of a time range: example i reads steps [from + i, from + i + length) and predicts the next horizon. */
    private final class Windows implements Dataset {
        private final int from;
        private final int length;
        private final int count;
        private final Precision precision;

        Windows(int from, int to, int length, Precision precision) {
            this.from = from;
            this.length = length;
            this.count = to - from - length - horizon + 1;
            this.precision = precision;
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Batch batch(int[] indices) {
            int n = indices.length;
            Tensor input = Tensor.zeros(precision, length, n, features);
            Tensor target = Tensor.zeros(precision, n, features * horizon);
            for (int b = 0; b < n; b++) {
                if (indices[b] < 0 || indices[b] >= count) {
                    throw new IndexOutOfBoundsException("window " + indices[b] + " of a split of " + count);
                }
                int start = from + indices[b];
                for (int t = 0; t < length; t++) {
                    for (int f = 0; f < features; f++) {
                        input.set((t * n + b) * features + f, z[start + t][f]);
                    }
                }
                for (int h = 0; h < horizon; h++) {
                    for (int f = 0; f < features; f++) {
                        target.set(b * features * horizon + h * features + f, z[start + length + h][f]);
                    }
                }
            }
            return new Batch(input, target, null, null, null);
        }
    }
}
