package org.rnnlab.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.optimizers.clipping.Clipping;
import org.rnnlab.optimizers.clipping.ParameterGroup;

class ClippingTest {
    private static Map<String, Tensor> grads() {
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("weight_ih_l0", Tensor.of(Precision.FLOAT64, new double[] {3, 4, 0, 0}, 2, 2)); // norm 5
        g.put("weight_hh_l0", Tensor.of(Precision.FLOAT64, new double[] {0, 0, 0, 12}, 2, 2)); // norm 12
        g.put("bias_ih_l0", Tensor.of(Precision.FLOAT64, new double[] {0.1, 0.1}, 2));
        return g;
    }

    @Test
    void globalNormIsTorchsClipGradNorm() {
        Map<String, Tensor> g = grads();
        double total = Math.sqrt(25 + 144 + 0.02);
        GradientProcessor p = new GradientProcessor(Clipping.globalNorm(1.3), NonFinitePolicy.FAIL);
        StepTelemetry t = p.process(1, 0.1, g, g);
        assertThat(t.normBefore()).isEqualTo(total, within(1e-12));
        assertThat(t.clipped()).isTrue();
        double coef = 1.3 / (total + 1e-6); // torch: clip_coef = max_norm / (total_norm + 1e-6)
        assertThat(g.get("weight_hh_l0").get(3)).isEqualTo(12 * coef, within(1e-15));
        assertThat(t.normAfter()).isEqualTo(total * coef, within(1e-12));
        assertThat(t.normsBefore().get("weight_ih_l0")).isEqualTo(5.0);
        // Below the threshold nothing changes: clip_coef is clamped to 1.
        Map<String, Tensor> h = grads();
        assertThat(Clipping.globalNorm(100).clip(h, h)).isFalse();
        assertThat(h.get("weight_hh_l0").get(3)).isEqualTo(12);
    }

    @Test
    void perTensorPerGroupValueAndAdaptive() {
        Map<String, Tensor> g = grads();
        Clipping.byNormPerTensor(6).clip(g, g);
        assertThat(g.get("weight_ih_l0").get(0)).isEqualTo(3); // norm 5 ≤ 6: untouched
        assertThat(g.get("weight_hh_l0").get(3)).isEqualTo(12 * 6 / (12 + 1e-6), within(1e-12));

        Map<String, Tensor> h = grads();
        Map<ParameterGroup, Double> limits = new EnumMap<>(ParameterGroup.class);
        limits.put(ParameterGroup.RECURRENT_WEIGHTS, 1.0);
        Clipping.perGroup(limits).clip(h, h);
        assertThat(h.get("weight_ih_l0").get(1)).isEqualTo(4);
        assertThat(h.get("weight_hh_l0").get(3)).isEqualTo(12 / (12 + 1e-6), within(1e-12));
        assertThat(ParameterGroup.of("head.bias")).isEqualTo(ParameterGroup.BIASES);
        assertThat(ParameterGroup.of("weight_hh_l1_reverse")).isEqualTo(ParameterGroup.RECURRENT_WEIGHTS);
        assertThat(ParameterGroup.of("weight_hr_l1_reverse")).isEqualTo(ParameterGroup.RECURRENT_WEIGHTS);
        assertThat(ParameterGroup.of("head.weight")).isEqualTo(ParameterGroup.OTHER);

        Map<String, Tensor> v = grads();
        Clipping.byValue(3.5).clip(v, v);
        assertThat(v.get("weight_ih_l0").toDoubleArray()).containsExactly(3, 3.5, 0, 0);

        // AGC: row 0 of W = [1, 0] (norm 1); its gradient row [3, 4] (norm 5) > 0.1·1 → scaled to norm 0.1.
        Map<String, Tensor> a = new LinkedHashMap<>(Map.of("weight_ih_l0", Tensor.of(Precision.FLOAT64, new double[] {3, 4, 0, 0.001}, 2, 2)));
        Map<String, Tensor> w = Map.of("weight_ih_l0", Tensor.of(Precision.FLOAT64, new double[] {1, 0, 0, 1}, 2, 2));
        assertThat(Clipping.adaptive(0.1, 1e-3).clip(a, w)).isTrue();
        assertThat(a.get("weight_ih_l0").get(0)).isEqualTo(3 * 0.1 / 5, within(1e-15));
        assertThat(a.get("weight_ih_l0").get(3)).as("row 1 within its bound").isEqualTo(0.001);
    }

    @Test
    void nonFiniteGradientsFollowThePolicyAndAreCounted() {
        Map<String, Tensor> g = grads();
        g.get("weight_hh_l0").set(2, Double.NaN);
        assertThatThrownBy(() -> new GradientProcessor(Clipping.none(), NonFinitePolicy.FAIL).process(17, 0.1, g, g))
                .isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("step 17").hasMessageContaining("'weight_hh_l0' at [1, 0] (NaN)");
        GradientProcessor skip = new GradientProcessor(Clipping.none(), NonFinitePolicy.SKIP_STEP);
        StepTelemetry t = skip.process(3, 0.1, g, g);
        assertThat(t.skipped()).isTrue();
        assertThat(t.nonFinite()).isEqualTo(1);
        assertThat(skip.nonFiniteSteps()).isEqualTo(1);
        GradientProcessor zero = new GradientProcessor(Clipping.globalNorm(100), NonFinitePolicy.ZERO);
        StepTelemetry z = zero.process(4, 0.1, g, g);
        assertThat(z.skipped()).isFalse();
        assertThat(g.get("weight_hh_l0").toDoubleArray()).containsOnly(0);
        assertThat(g.get("weight_ih_l0").get(1)).isEqualTo(4);
        assertThat(z.normAfter()).isEqualTo(Math.sqrt(25.02), within(1e-12));
        assertThat(List.of(zero.nonFiniteSteps(), zero.clippedSteps())).containsExactly(1L, 0L);
    }

    @Test
    void aGradientThatOverflowsInsideTheModelFollowsThePolicyToo() {
        RuntimeException overflow = new org.rnnlab.api.NonFiniteValueException("gradFinal[0] contains -Infinity at [0, 0]");
        assertThatThrownBy(() -> new GradientProcessor(Clipping.none(), NonFinitePolicy.FAIL).backwardFailed(9, 0.1, overflow))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("at step 9 during backpropagation")
                .hasMessageContaining("-Infinity");
        GradientProcessor skip = new GradientProcessor(Clipping.none(), NonFinitePolicy.SKIP_STEP);
        assertThat(skip.backwardFailed(9, 0.1, overflow).skipped()).isTrue();
        assertThat(skip.nonFiniteSteps()).isEqualTo(1);
    }
}
