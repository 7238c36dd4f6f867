package org.rnnlab.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.cpu.CpuCellProvider;

/**
 * Every optimizer (and the schedules and global-norm clipping in some cases) reproduces PyTorch's parameter trajectory
 * over 25 steps on a small LSTM, in float64. The fixture is {@code golden/optimizer_trajectories.json}, written by
 * {@code org.rnnlab.reference.OptimizerTrajectoryGenerator} (profile {@code golden}): gradients from torch's LSTM, updates
 * in torch arithmetic following {@code torch.optim}'s single-tensor code.
 */
class TorchTrajectoryTest {
    /** The bound: 1e-6 relative to each tensor's largest value, after every step. */
    private static final double BOUND = 1e-6;
    private static final JsonNode ROOT = load();
    private static final TrainingComponents COMPONENTS = TrainingComponents.discover();

    private static JsonNode load() {
        try (InputStream in = TorchTrajectoryTest.class.getResourceAsStream("/golden/optimizer_trajectories.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        ROOT.get("cases").forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesPyTorchsTrajectory(String name) {
        JsonNode c = null;
        for (JsonNode n : ROOT.get("cases")) {
            if (n.get("name").asText().equals(name)) {
                c = n;
            }
        }
        JsonNode model = ROOT.get("model");
        CellSpec spec = CellSpec.of(model.get("kind").asText(), model.get("input_size").asInt(), model.get("hidden_size").asInt())
                .withPrecision(Precision.FLOAT64);
        try (RecurrentCell cell = new CpuCellProvider().create(spec)) {
            Map<String, Tensor> initial = new LinkedHashMap<>();
            for (String p : cell.parameters().names()) {
                initial.put(p, tensor(ROOT.get("initial").get(p)));
            }
            cell.parameters().load(initial);
            Tensor x = tensor(ROOT.get("input"));
            Tensor g = tensor(ROOT.get("grad_output"));
            Optimizer optimizer = COMPONENTS.optimizer(c.get("optimizer").asText(), settings(c.get("hyper")));
            LearningRateSchedule schedule = c.get("schedule").isNull() ? COMPONENTS.schedule("constant", Map.of())
                    : schedule(c.get("schedule"));
            ClippingPolicy clip = c.get("clip").isNull() ? COMPONENTS.clipping("none", Map.of())
                    : COMPONENTS.clipping("global_norm", Map.of("max_norm", c.get("clip").get("max_norm").asDouble()));
            GradientProcessor processor = new GradientProcessor(clip, NonFinitePolicy.FAIL);
            OptimizerState state = optimizer.initialise(cell.parameters().asMap());
            double worst = 0;
            for (int k = 0; k < c.get("trajectory").size(); k++) {
                ForwardPass pass = cell.forward(x, null);
                Tensor out = pass.output();
                double loss = 0;
                Tensor dOut = Tensor.zeros(Precision.FLOAT64, out.shape());
                for (int i = 0; i < out.size(); i++) {
                    loss += out.get(i) * g.get(i) + 0.5 * out.get(i) * out.get(i);
                    dOut.set(i, g.get(i) + out.get(i));
                }
                assertThat(loss).as("%s loss before step %d", name, k).isCloseTo(c.get("losses").get(k).asDouble(), within(c.get("losses").get(k).asDouble()));
                Map<String, Tensor> grads = new LinkedHashMap<>(cell.backward(pass, Upstream.ofOutput(dOut)).parameters());
                double lr = schedule.rate(k, optimizer.learningRate());
                assertThat(lr).as("%s learning rate at step %d", name, k).isCloseTo(c.get("lrs").get(k).asDouble(), within(c.get("lrs").get(k).asDouble()));
                StepTelemetry t = processor.process(k + 1, lr, grads, cell.parameters().asMap());
                assertThat(t.normBefore()).as("%s pre-clip norm at step %d", name, k)
                        .isCloseTo(c.get("grad_norms").get(k).asDouble(), within(c.get("grad_norms").get(k).asDouble()));
                state.step(grads, lr);
                JsonNode expected = c.get("trajectory").get(k);
                for (String p : cell.parameters().names()) {
                    Tensor want = tensor(cell.parameters().get(p).shape(), expected.get(p));
                    double err = CellContract.relative(cell.parameters().get(p), want);
                    worst = Math.max(worst, err);
                    assertThat(err).as("%s %s after step %d", name, p, k + 1).isLessThanOrEqualTo(BOUND);
                }
            }
            System.out.printf("[golden] optimizer %s: %d steps, max relative error vs PyTorch %.2e (bound %.0e)%n", name,
                    c.get("trajectory").size(), worst, BOUND);
        }
    }

    /** Relative closeness for scalars: 1e-10 of the value (only summation order differs). */
    private static org.assertj.core.data.Offset<Double> within(double reference) {
        return org.assertj.core.data.Offset.offset(Math.max(Math.abs(reference), 1e-300) * 1e-10);
    }

    private static Map<String, Object> settings(JsonNode node) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), value(e.getValue()));
        }
        return m;
    }

    private static Object value(JsonNode v) {
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(value(x)));
            return l;
        }
        if (v.isObject()) {
            return settings(v);
        }
        return v.isBoolean() ? (Object) v.asBoolean() : v.isNumber() ? (Object) v.asDouble() : v.asText();
    }

    /** The fixture's {"type": …} schedules use our names; nested ones under "schedules" too. */
    @SuppressWarnings("unchecked")
    private static LearningRateSchedule schedule(JsonNode node) {
        Map<String, Object> s = settings(node);
        String type = (String) s.remove("type");
        if (s.get("schedules") instanceof List<?> list) {
            List<Map<String, Object>> renamed = new ArrayList<>();
            for (Object o : list) {
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) o);
                m.put("name", m.remove("type"));
                renamed.add(m);
            }
            s.put("schedules", renamed);
        }
        return COMPONENTS.schedule(type, s);
    }

    private static Tensor tensor(JsonNode t) {
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
        }
        return tensor(shape, t.get("data"));
    }

    private static Tensor tensor(int[] shape, JsonNode data) {
        double[] d = new double[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = data.get(i).asDouble();
        }
        return Tensor.of(Precision.FLOAT64, d, shape);
    }
}
