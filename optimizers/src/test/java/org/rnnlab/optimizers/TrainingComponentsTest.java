package org.rnnlab.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

class TrainingComponentsTest {
    private final TrainingComponents components = TrainingComponents.discover();

    @Test
    void builtInsAndThePluginAreRegisteredByName() {
        assertThat(components.optimizerNames()).containsExactly("adagrad", "adam", "adamw", "rmsprop", "sgd", "signsgd");
        assertThat(components.scheduleNames()).contains("constant", "step", "exponential", "cosine", "linear", "sequential", "chained");
        assertThat(components.clippingNames()).contains("none", "value", "norm", "global_norm", "per_group", "adaptive", "chain", "max_abs");
    }

    @Test
    void aThirdPartyOptimizerAndClippingPolicyWorkThroughTheirNames() {
        Map<String, Tensor> params = Map.of("w", Tensor.of(Precision.FLOAT64, new double[] {1, 1}, 2));
        Map<String, Tensor> grads = new LinkedHashMap<>(Map.of("w", Tensor.of(Precision.FLOAT64, new double[] {-8, 2}, 2)));
        assertThat(components.clipping("max_abs", Map.of("bound", 4)).clip(grads, params)).isTrue();
        assertThat(grads.get("w").toDoubleArray()).containsExactly(-4, 1);
        Optimizer o = components.optimizer("SignSGD", Map.of("lr", 0.5));
        OptimizerState s = o.initialise(params);
        s.step(grads, o.learningRate());
        assertThat(params.get("w").toDoubleArray()).containsExactly(1.5, 0.5);
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> components.optimizer("adamx", Map.of()))
                .hasMessage("unknown optimizer 'adamx'; known: adagrad, adam, adamw, rmsprop, sgd, signsgd");
        assertThatThrownBy(() -> components.schedule("warmup", Map.of())).hasMessageContaining("unknown schedule 'warmup'; known: chained");
        assertThatThrownBy(() -> components.clipping("l3", Map.of())).hasMessageContaining("unknown clipping policy 'l3'; known: adaptive");
    }

    @Test
    void badHyperparametersSayWhatIsAllowed() {
        assertThatThrownBy(() -> components.optimizer("sgd", Map.of("lr", -0.1)))
                .hasMessage("optimizer 'sgd': 'lr' must be in [0, ∞), got -0.1");
        assertThatThrownBy(() -> components.optimizer("adam", Map.of("betas", List.of(0.9, 1.0))))
                .hasMessage("optimizer 'adam': 'betas[1]' must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> components.optimizer("adam", Map.of("beta1", 0.9)))
                .hasMessage("optimizer 'adam': unknown setting 'beta1'; known: amsgrad, betas, eps, lr, weight_decay");
        assertThatThrownBy(() -> components.optimizer("adam", Map.of("betas", 0.9)))
                .hasMessageContaining("'betas' must be a list of 2 numbers");
        assertThatThrownBy(() -> components.optimizer("rmsprop", Map.of("lr", "fast"))).hasMessageContaining("'lr' must be a number, got the text 'fast'");
        assertThatThrownBy(() -> components.optimizer("adam", Map.of("lr", "0.01")))
                .as("no coercion from text: a quoted number in a config file is refused").hasMessageContaining("got the text '0.01'");
        assertThatThrownBy(() -> components.optimizer("adam", Map.of("amsgrad", "true"))).hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> components.optimizer("sgd", Map.of("nesterov", true))).hasMessageContaining("nesterov needs momentum > 0");
        assertThatThrownBy(() -> components.optimizer("adagrad", Map.of("eps", -1))).hasMessageContaining("'eps' must be in [0, ∞)");
        assertThatThrownBy(() -> components.schedule("step", Map.of("step_size", 0))).hasMessageContaining("step_size must be >= 1, got 0");
        assertThatThrownBy(() -> components.schedule("sequential", Map.of("schedules", List.of(Map.of("name", "constant"), Map.of("gamma", 2)))))
                .hasMessageContaining("needs a 'name'");
        assertThatThrownBy(() -> components.clipping("global_norm", Map.of("max_norm", 0))).hasMessageContaining("max_norm must be finite and > 0");
        assertThatThrownBy(() -> components.clipping("per_group", Map.of())).hasMessageContaining("at least one of input_weights");
        assertThatThrownBy(() -> NonFinitePolicy.parse("ignore")).hasMessage("unknown non-finite gradient policy 'ignore'; known: fail, skip, zero");
    }

    @Test
    void defaultsAreTorchs() {
        assertThat(components.optimizer("adam", Map.of()).learningRate()).isEqualTo(1e-3);
        assertThat(components.optimizer("rmsprop", Map.of()).learningRate()).isEqualTo(1e-2);
        assertThat(org.rnnlab.optimizers.algorithms.Adam.Config.defaults(true).weightDecay()).isEqualTo(1e-2);
    }

    @Test
    void compositeSchedulesAndChainsAreBuiltFromNestedSettings() {
        LearningRateSchedule warmupCosine = components.schedule("sequential", Map.of(
                "schedules", List.of(Map.of("name", "linear", "start_factor", 0.1, "end_factor", 1.0, "total_iters", 5),
                        Map.of("name", "cosine", "t_max", 20, "eta_min", 0.001)),
                "milestones", List.of(5)));
        assertThat(warmupCosine.rate(0, 0.02)).isEqualTo(0.002, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(warmupCosine.rate(5, 0.02)).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(warmupCosine.rate(25, 0.02)).isEqualTo(0.001, org.assertj.core.data.Offset.offset(1e-15));
        ClippingPolicy chain = components.clipping("chain", Map.of("policies", List.of(Map.of("name", "value", "clip_value", 3),
                Map.of("name", "global_norm", "max_norm", 1))));
        Map<String, Tensor> g = Map.of("w", Tensor.of(Precision.FLOAT64, new double[] {10, 0}, 2));
        assertThat(chain.clip(g, g)).isTrue();
        assertThat(g.get("w").get(0)).isEqualTo(1 / (3 + 1e-6) * 3, org.assertj.core.data.Offset.offset(1e-15));
    }
}
