package org.rnnlab.optimizers.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.MeanSquaredError;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.api.seq.SequenceMode;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.StepTelemetry;
import org.rnnlab.optimizers.TrainingComponents;

class TrainerTest {
    private static final TrainingComponents COMPONENTS = TrainingComponents.discover();

    /** y = mean of the real steps of x ~ U(−1, 1), lengths 2..8: the best constant scores E[1/(3L)] ≈ 0.07. */
    private static SequenceDataset meanTask(int examples, long seed) {
        return meanTask(examples, seed, Precision.FLOAT32);
    }

    private static SequenceDataset meanTask(int examples, long seed, Precision precision) {
        int steps = 8;
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(precision, examples, steps, 1);
        Tensor y = Tensor.zeros(precision, examples, 1);
        int[] len = new int[examples];
        for (int m = 0; m < examples; m++) {
            len[m] = 2 + r.nextInt(steps - 1);
            double s = 0;
            for (int t = 0; t < steps; t++) {
                double v = 2 * r.nextDouble() - 1;
                x.set(m * steps + t, v);
                if (t < len[m]) {
                    s += v;
                }
            }
            y.set(m, s / len[m]);
        }
        return new SequenceDataset(x, y, len, SequenceDataset.Targets.PER_SEQUENCE);
    }

    private static SequenceModel lstm() {
        RecurrentNetwork net = RecurrentNetwork.create(NetworkSpec.of(CellSpec.of("lstm", 1, 16).withSeed(3)), CellRegistry.discover());
        return new SequenceModel(net, new LinearHead(16, 1, Precision.FLOAT32, 4), new SequenceMode.ManyToOne());
    }

    private static Trainer trainer(TrainerConfig config, String optimizer, Map<String, ?> hyper, String clipping) {
        return new Trainer(config, COMPONENTS.optimizer(optimizer, hyper), COMPONENTS.schedule("constant", Map.of()),
                new GradientProcessor(COMPONENTS.clipping(clipping, clipping.equals("none") ? Map.of() : Map.of("max_norm", 1.0)),
                        NonFinitePolicy.FAIL), new MeanSquaredError());
    }

    @Test
    void anLstmTrainsToTheTargetLoss() {
        List<StepTelemetry> steps = new ArrayList<>();
        List<Double> evaluations = new ArrayList<>();
        TrainerConfig config = TrainerConfig.defaults().withMaxSteps(3000).withEvaluateEvery(50).withTargetLoss(0.002).withSeed(1);
        try (SequenceModel model = lstm()) {
            TrainingResult r = trainer(config, "adam", Map.of("lr", 0.01), "global_norm")
                    .listen(new TrainingListener() {
                        @Override
                        public void onStep(StepTelemetry t, double loss) {
                            steps.add(t);
                        }

                        @Override
                        public void onEvaluation(long step, double loss) {
                            evaluations.add(loss);
                        }
                    })
                    .fit(model, meanTask(512, 1), meanTask(128, 2));
            assertThat(r.status()).isEqualTo(TrainingResult.Status.TARGET_REACHED);
            assertThat(r.validationLoss()).isLessThanOrEqualTo(0.002);
            assertThat(evaluations.get(0)).as("starts near the constant baseline").isGreaterThan(0.01);
            assertThat(steps).hasSize((int) r.steps());
            assertThat(steps.get(0).normsBefore()).containsKeys("weight_ih_l0", "weight_hh_l0", "head.weight", "head.bias");
            assertThat(steps.stream().filter(StepTelemetry::clipped).count()).isEqualTo(r.clippedSteps());
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        TrainerConfig config = TrainerConfig.defaults().withMaxSteps(40).withEvaluateEvery(20).withSeed(5);
        TrainingResult a;
        TrainingResult b;
        try (SequenceModel m = lstm()) {
            a = trainer(config, "sgd", Map.of("lr", 0.1, "momentum", 0.9), "none").fit(m, meanTask(64, 1), meanTask(32, 2));
        }
        try (SequenceModel m = lstm()) {
            b = trainer(config, "sgd", Map.of("lr", 0.1, "momentum", 0.9), "none").fit(m, meanTask(64, 1), meanTask(32, 2));
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void divergenceIsDetected() {
        TrainerConfig config = TrainerConfig.defaults().withMaxSteps(200).withEvaluateEvery(10).withSeed(1);
        try (SequenceModel model = lstm()) {
            // A learning rate of 1e39 sends the float32 head weights to ~1e37 in one step: the next loss overflows float32.
            Trainer t = new Trainer(config, COMPONENTS.optimizer("sgd", Map.of("lr", 1e39)), COMPONENTS.schedule("constant", Map.of()),
                    new GradientProcessor(COMPONENTS.clipping("none", Map.of()), NonFinitePolicy.SKIP_STEP), new MeanSquaredError());
            TrainingResult r = t.fit(model, meanTask(64, 1), meanTask(32, 2));
            assertThat(r.status()).isEqualTo(TrainingResult.Status.DIVERGED);
            assertThat(r.steps()).isEqualTo(2);
        }
    }

    /**
     * A cell with a constraint ({@link BoundedBiasRnnProvider}: |bias_ih| ≤ 0.25) stays within it after every step:
     * plain SGD at a rate of 5 pushes the bias far past the bound within a few steps.
     */
    @Test
    void constraintsHoldAfterEveryOptimizerStep() {
        TrainerConfig config = TrainerConfig.defaults().withMaxSteps(20).withEvaluateEvery(10).withSeed(2);
        CellSpec cell = CellSpec.of("bounded_rnn", 1, 4).withPrecision(Precision.FLOAT64).withSeed(3);
        RecurrentNetwork net = RecurrentNetwork.create(NetworkSpec.of(cell),
                CellRegistry.of(List.of(new BoundedBiasRnnProvider())));
        try (SequenceModel model = new SequenceModel(net, new LinearHead(4, 1, Precision.FLOAT64, 4), new SequenceMode.ManyToOne())) {
            Tensor bias = model.parameters().get("bias_ih_l0");
            List<Double> largest = new ArrayList<>();
            Trainer t = trainer(config, "sgd", Map.of("lr", 5.0), "none").listen(new TrainingListener() {
                @Override
                public void onStep(StepTelemetry telemetry, double loss) {
                    double m = 0;
                    for (int j = 0; j < bias.size(); j++) {
                        m = Math.max(m, Math.abs(bias.get(j)));
                    }
                    largest.add(m);
                }
            });
            t.fit(model, meanTask(256, 1, Precision.FLOAT64), meanTask(64, 2, Precision.FLOAT64));
            assertThat(largest).isNotEmpty().allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(BoundedBiasRnnProvider.BOUND));
            assertThat(largest).as("the rate is large enough that the bias reaches the bound").contains(BoundedBiasRnnProvider.BOUND);
        }
    }
}
