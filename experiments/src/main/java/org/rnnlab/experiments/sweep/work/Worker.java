package org.rnnlab.experiments.sweep.work;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.rnnlab.api.BackendUnavailableException;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.checkpoint.ParameterFiles;
import org.rnnlab.api.checkpoint.SafeTensors;
import org.rnnlab.api.layers.LinearHead;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.api.seq.SequenceModel;
import org.rnnlab.experiments.probe.GradientProbe;
import org.rnnlab.experiments.probe.MemoryProbe;
import org.rnnlab.experiments.sweep.SweepConfig;
import org.rnnlab.experiments.sweep.plan.Direction;
import org.rnnlab.experiments.sweep.plan.GradientProbeKey;
import org.rnnlab.experiments.sweep.plan.MemoryProbeKey;
import org.rnnlab.experiments.sweep.plan.Point;
import org.rnnlab.experiments.sweep.plan.Series;
import org.rnnlab.experiments.sweep.plan.SweepPlan;
import org.rnnlab.experiments.sweep.store.Metrics;
import org.rnnlab.experiments.sweep.store.RunInfo;
import org.rnnlab.experiments.tasks.Task;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.StepTelemetry;
import org.rnnlab.optimizers.TrainingComponents;
import org.rnnlab.optimizers.training.Trainer;
import org.rnnlab.optimizers.training.TrainerConfig;
import org.rnnlab.optimizers.training.TrainingListener;
import org.rnnlab.optimizers.training.TrainingResult;

/**
 * Runs a sweep's work in one JVM: trains points (the model built from the registry, on fresh generated data, until
 * solved or out of budget; non-finite gradients skip the step and are counted, so an exploding run is recorded rather
 * than stopping the sweep) and runs the gradient and memory probes. Thread-safe: it holds only the plan and the
 * registries. Never throws for a piece of work's own failure: that is a {@link WorkResult.Failed}.
 */
public final class Worker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweepPlan plan;
    private final CellRegistry backends;
    private final CellRegistry registry;
    private final TrainingComponents components;
    private final String host;

    /**
     * @param plan       the sweep
     * @param registry   every backend here (the plan's backend choice is applied to it)
     * @param components optimizers and clipping policies by name
     * @param host       this machine's name, for the rows
     */
    public Worker(SweepPlan plan, CellRegistry registry, TrainingComponents components, String host) {
        this.plan = plan;
        this.registry = registry;
        this.backends = plan.backends(registry);
        this.components = components;
        this.host = host;
    }

    /** Runs the work; its own failure is returned, not thrown. */
    public WorkResult run(Work work) {
        try {
            if (work instanceof Work.Train t) {
                return train(t.point());
            }
            if (work instanceof Work.Gradients g) {
                return gradients(g.key(), g.checkpoint());
            }
            return memory(((Work.Memory) work).key());
        } catch (RuntimeException | IOException | OutOfMemoryError | StackOverflowError e) {
            String m = e.getMessage();
            return new WorkResult.Failed(e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 2000 ? m.substring(0, 2000) + "…" : m)));
        }
    }

    /** The model of a series at a length, untrained (weights from its seed). */
    public SequenceModel model(Series s, int length) {
        Task task = plan.task(s);
        Precision precision = plan.precision();
        CellSpec cell = s.cell().spec(task.inputSize(), s.hidden(), precision, s.init().initialization(s.cell().kind()), s.seed());
        NetworkSpec spec = NetworkSpec.of(cell);
        if (s.cell().direction() == Direction.BIDIRECTIONAL) {
            spec = spec.bidirectional(Merge.CONCAT);
        }
        RecurrentNetwork net = RecurrentNetwork.create(spec, backends);
        return new SequenceModel(net, new LinearHead(spec.outputSize(), task.outputSize(), precision, s.seed() + 1), task.mode(length));
    }

    private WorkResult train(Point p) throws IOException {
        Series s = p.series();
        Task task = plan.task(s);
        if (!plan.point(s, p.length()).fingerprint().equals(p.fingerprint())) {
            throw new IllegalStateException("task '" + s.task().label() + "' reads other data here (" + host + ") than where the sweep was "
                    + "planned: every machine of a sweep must read the same files");
        }
        long start = System.nanoTime();
        SweepConfig.Budget b = plan.config().budget();
        double baseline = task.baselineLoss(p.length());
        double target = plan.config().solved().lossFraction() * baseline;
        try (SequenceModel model = model(s, p.length())) {
            TrainerConfig tc = new TrainerConfig(b.batch(), s.steps(), b.evaluateEvery(), OptionalDouble.of(target), s.seed());
            Trainer trainer = new Trainer(tc, components.optimizer(s.optimizer().name(), s.optimizer().settings()),
                    components.schedule(s.schedule().name(), s.schedule().settings()),
                    new GradientProcessor(components.clipping(s.clipping().name(), s.clipping().settings()), NonFinitePolicy.SKIP_STEP),
                    task.loss());
            ObjectNode tel = JSON.createObjectNode();
            trainer.listen(listener(tel));
            long dataSeed = s.seed() * 1_000_003L;
            // Exactly the examples the budget can use (every step of a synthetic task sees fresh data; a file-backed task
            // cycles through what it has).
            Task.Splits data = task.splits(p.length(), new Task.DataRequest(dataSeed, plan.precision(), s.steps() * b.batch(),
                    b.validation()));
            TrainingResult r = trainer.fit(model, data.train(), data.validation());
            double validationMetric = task.evaluate(model, data.validation(), b.batch());
            double testMetric = data.test() == null ? Double.NaN : task.evaluate(model, data.test(), b.batch());
            boolean solved = r.status() != TrainingResult.Status.DIVERGED && r.validationLoss() <= target;
            tel.put("task", s.task().label()).put("cell", s.cell().label()).put("length", p.length()).put("baseline", baseline)
                    .put("target", target).put("metric", task.metric().id()).put("test_metric", testMetric);
            Map<String, Double> references = task.references(data);
            if (!references.isEmpty()) {
                references.forEach(tel.putObject("references")::put);
            }
            double[][] sample = task.sample(model, data);
            if (sample != null) {
                ObjectNode f = tel.putObject("sample");
                f.set("actual", JSON.valueToTree(sample[0]));
                f.set("predicted", JSON.valueToTree(sample[1]));
            }
            Metrics m = new Metrics(r.status().name(), solved, r.steps(), r.validationLoss(), r.bestValidationLoss(), baseline,
                    task.metric().id(), validationMetric, testMetric, r.clippedSteps(), r.nonFiniteSteps());
            byte[] checkpoint = SafeTensors.toBytes(model.parameters(), Map.of("id", p.id(), "fingerprint", p.fingerprint()));
            RunInfo run = new RunInfo(model.network().backend(), (System.nanoTime() - start) / 1e9, host);
            return new WorkResult.Trained(m, run, JSON.writeValueAsString(tel), checkpoint);
        }
    }

    private static TrainingListener listener(ObjectNode tel) {
        ArrayNode evaluations = tel.putArray("evaluations");
        ObjectNode steps = tel.putObject("steps");
        ArrayNode loss = steps.putArray("loss");
        ArrayNode lr = steps.putArray("lr");
        ArrayNode before = steps.putArray("norm_before");
        ArrayNode after = steps.putArray("norm_after");
        ArrayNode clipped = steps.putArray("clipped");
        ArrayNode skipped = steps.putArray("skipped");
        ObjectNode perParameter = tel.putObject("parameter_norms_before");
        return new TrainingListener() {
            @Override
            public void onStep(StepTelemetry t, double l) {
                loss.add(l);
                lr.add(t.learningRate());
                before.add(t.normBefore());
                after.add(t.normAfter());
                clipped.add(t.clipped());
                skipped.add(t.skipped());
                t.normsBefore().forEach((name, n) -> (perParameter.has(name) ? (ArrayNode) perParameter.get(name) : perParameter.putArray(name))
                        .add(n));
            }

            @Override
            public void onEvaluation(long step, double validationLoss) {
                evaluations.addArray().add(step).add(validationLoss);
            }
        };
    }

    private WorkResult gradients(GradientProbeKey key, byte[] checkpoint) throws IOException {
        Series s = key.series();
        Task task = plan.task(s);
        int steps = key.length();
        try (SequenceModel model = model(s, steps)) {
            int trainedLength = 0;
            if (key.trained() != null) {
                String where = "the checkpoint of " + key.trained().id();
                ParameterFiles.load(SafeTensors.read(checkpoint, where), model.parameters(), where);
                trainedLength = key.trained().length();
            }
            Tensor x = Tensor.zeros(plan.precision(), steps, 1, task.inputSize());
            SplittableRandom r = new SplittableRandom(key.seed());
            for (int i = 0; i < x.size(); i++) {
                x.set(i, r.nextDouble());
            }
            GradientProbe.Profile profile = GradientProbe.probe(model.network().cell(0, 0), x, key.seed());
            ObjectNode n = JSON.createObjectNode().put("type", "gradients").put("phase", key.phase().id()).put("series", s.key())
                    .put("task", s.task().label()).put("cell", s.cell().label()).put("hidden", s.hidden()).put("trained_length", trainedLength)
                    .put("length", steps).put("decay_per_step", profile.decayPerStep());
            n.set("log10_grad_norm", JSON.valueToTree(finite(profile.log10GradNorm())));
            n.set("log10_sigma_max", JSON.valueToTree(finite(profile.log10SigmaMax())));
            return new WorkResult.Probed(JSON.writeValueAsString(n));
        }
    }

    private WorkResult memory(MemoryProbeKey k) throws JsonProcessingException {
        CellSpec spec = k.spec();
        // Where the sweep trains on a device (the cuda backend) the probe counts that device's bytes, as the cells report
        // them. Otherwise it counts JVM heap bytes: on the cpu backend where it offers the kind, else on whichever backend
        // serves the kind (a plugin's).
        CellRegistry where = trainsOnDevice(spec) ? backends : registry.withBackend("cpu");
        try {
            where.select(spec);
        } catch (BackendUnavailableException e) {
            where = backends;
        }
        MemoryProbe.Profile m = MemoryProbe.measure(where, spec, k.batch(), (long) k.budgetMb() << 20, k.truncation());
        ObjectNode n = JSON.createObjectNode().put("type", "memory").put("cell", k.cell().label()).put("hidden", k.hidden())
                .put("input_size", k.input()).put("batch", k.batch()).put("backend", where.select(spec).backend())
                .put("memory", m.device().orElse("heap")).put("budget_bytes", m.budgetBytes())
                .put("predicted_bytes_per_step", m.predictedBytesPerStep()).put("measured_bytes_per_step", m.measuredBytesPerStep())
                .put("fixed_bytes", m.fixedBytes()).put("heap_budget_mb", k.budgetMb()).put("truncation", k.truncation())
                .put("max_steps_full", m.maxStepsFull()).put("max_steps_truncated", m.maxStepsTruncated());
        return new WorkResult.Probed(JSON.writeValueAsString(n));
    }

    /** Whether the plan's backends serve {@code spec} with a cell that keeps its passes in a device's memory. */
    private boolean trainsOnDevice(CellSpec spec) {
        try (RecurrentCell cell = backends.create(spec)) {
            return cell.deviceMemory().isPresent();
        } catch (RuntimeException e) {
            return false; // the probe then falls back as before; training reports why the backend cannot serve the spec
        }
    }

    private static double[] finite(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = -9999; // log10 of an exact zero: below anything measurable
            }
        }
        return out;
    }
}
