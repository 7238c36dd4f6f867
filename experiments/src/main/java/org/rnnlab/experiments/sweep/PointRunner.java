package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.WeightInit;
import org.rnnlab.api.BiasInit;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.Phase;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.experiments.tasks.GeneratedDataset;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.experiments.tasks.Tasks;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.StepTelemetry;
import org.rnnlab.optimizers.TrainingComponents;
import org.rnnlab.optimizers.training.Batch;
import org.rnnlab.optimizers.training.Trainer;
import org.rnnlab.optimizers.training.TrainerConfig;
import org.rnnlab.optimizers.training.TrainingListener;
import org.rnnlab.optimizers.training.TrainingResult;

/**
 * Trains one sweep point: builds the model from the registry (any backend), trains with the named optimizer and
 * clipping policy on fresh generated data until solved or out of budget, and collects the telemetry. Non-finite
 * gradients skip the step (and are counted) so that an exploding run is recorded rather than stopping the sweep.
 */
public final class PointRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweepConfig config;
    private final TrainingComponents components;
    private final CellRegistry registry;

    /** A runner for points of {@code config}. */
    public PointRunner(SweepConfig config, TrainingComponents components, CellRegistry registry) {
        this.config = config;
        this.components = components;
        this.registry = registry;
    }

    /** A trained point: its row, its telemetry, and the model (the caller closes it). */
    public record Outcome(PointResult result, ObjectNode telemetry, SequenceModel model) {
    }

    /** The model of a point, untrained (weights from its seed). */
    public SequenceModel model(SweepPoint p) {
        Task task = Tasks.byName(p.task());
        boolean bi = p.cell().startsWith("bi-");
        String kind = bi ? p.cell().substring(3) : p.cell();
        Precision precision = config.precisionValue();
        CellSpec cell = new CellSpec(kind, task.inputSize(), p.hidden(), Nonlinearity.TANH, true, precision, initialization(p.init(), kind),
                p.seed());
        NetworkSpec spec = NetworkSpec.of(cell);
        if (bi) {
            spec = spec.bidirectional(Merge.CONCAT);
        }
        RecurrentNetwork net = RecurrentNetwork.create(spec, registry);
        int features = spec.outputSize();
        return new SequenceModel(net, new LinearHead(features, task.outputSize(), precision, p.seed() + 1), task.mode(p.length()));
    }

    /** Trains the point. */
    public Outcome run(SweepPoint p) {
        Task task = Tasks.byName(p.task());
        long start = System.nanoTime();
        SequenceModel model = model(p);
        SweepConfig.Budget b = config.budget();
        double baseline = task.baselineLoss(p.length());
        double target = config.solved().lossFraction() * baseline;
        TrainerConfig tc = new TrainerConfig(b.batch(), b.steps(), b.evaluateEvery(), java.util.OptionalDouble.of(target), p.seed());
        Trainer trainer = new Trainer(tc, components.optimizer(p.optimizer().name(), p.optimizer().settings()),
                components.schedule("constant", Map.of()),
                new GradientProcessor(components.clipping(p.clipping().name(), p.clipping().settings()), NonFinitePolicy.SKIP_STEP),
                task.loss());
        ObjectNode tel = JSON.createObjectNode();
        ArrayNode evaluations = tel.putArray("evaluations");
        ObjectNode steps = tel.putObject("steps");
        ArrayNode loss = steps.putArray("loss");
        ArrayNode lr = steps.putArray("lr");
        ArrayNode before = steps.putArray("norm_before");
        ArrayNode after = steps.putArray("norm_after");
        ArrayNode clipped = steps.putArray("clipped");
        ArrayNode skipped = steps.putArray("skipped");
        ObjectNode perParameter = tel.putObject("parameter_norms_before");
        trainer.listen(new TrainingListener() {
            @Override
            public void onStep(StepTelemetry t, double l) {
                loss.add(l);
                lr.add(t.learningRate());
                before.add(t.normBefore());
                after.add(t.normAfter());
                clipped.add(t.clipped());
                skipped.add(t.skipped());
                t.normsBefore().forEach((name, n) -> (perParameter.has(name) ? (ArrayNode) perParameter.get(name) : perParameter.putArray(name)).add(n));
            }

            @Override
            public void onEvaluation(long step, double validationLoss) {
                evaluations.addArray().add(step).add(validationLoss);
            }
        });
        long dataSeed = p.seed() * 1_000_003L;
        // Exactly the examples the budget can use: every step sees fresh data.
        GeneratedDataset train = new GeneratedDataset(task, p.length(), b.steps() * b.batch(), dataSeed, config.precisionValue());
        GeneratedDataset validation = new GeneratedDataset(task, p.length(), b.validation(), dataSeed + 7, config.precisionValue());
        TrainingResult r = trainer.fit(model, train, validation);
        double accuracy = task.classification() ? accuracy(model, validation, b.validation()) : Double.NaN;
        boolean solved = r.status() != TrainingResult.Status.DIVERGED && r.validationLoss() <= target;
        PointResult result = new PointResult(p.id(), p.task(), p.cell(), p.hidden(), p.length(), p.optimizer().label(), p.clipping().label(),
                p.init(), p.seed(), model.network().backend(), r.status().name(), solved, r.steps(), r.validationLoss(), r.bestValidationLoss(),
                baseline, accuracy, (System.nanoTime() - start) / 1e9, r.clippedSteps(), r.nonFiniteSteps());
        tel.put("task", p.task()).put("cell", p.cell()).put("length", p.length()).put("baseline", baseline).put("target", target);
        return new Outcome(result, tel, model);
    }

    private static double accuracy(SequenceModel model, GeneratedDataset data, int n) {
        model.network().phase(Phase.INFERENCE);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Batch b = data.batch(idx);
        Tensor out = model.forward(b.input(), b.teacher(), b.mask()).output();
        int classes = out.dim(out.rank() - 1);
        int rows = out.size() / classes;
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (out.get(r * classes + c) > out.get(r * classes + best)) {
                    best = c;
                }
            }
            right += best == (int) b.target().get(r) ? 1 : 0;
        }
        return (double) right / rows;
    }

    /** The initialization of a sweep name for a kind. */
    static Initialization initialization(String name, String kind) {
        Initialization d = Initialization.pytorchDefault();
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "xavier" -> d.withInputWeights(WeightInit.XAVIER_UNIFORM).withRecurrentWeights(WeightInit.XAVIER_UNIFORM);
            case "orthogonal" -> d.withInputWeights(WeightInit.XAVIER_UNIFORM).withRecurrentWeights(WeightInit.ORTHOGONAL);
            case "identity" -> d.withRecurrentWeights(WeightInit.SCALED_IDENTITY).withBiases(BiasInit.ZEROS);
            case "forget_bias" -> "lstm".equals(kind) ? d.withForgetGateBias(1.0) : d; // LSTM only; others keep PyTorch's
            default -> d;
        };
    }

}
