package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ParameterInitializerTest {

    private static Parameters draw(CellSpec spec) {
        Parameters p = new Parameters(ParameterShape.standardLayout(spec), spec.precision());
        ParameterInitializer.initialize(spec, p);
        return p;
    }

    @Test
    void pytorchDefaultIsUniformWithinOneOverSqrtH() {
        Parameters p = draw(CellSpec.of("lstm", 10, 64).withPrecision(Precision.FLOAT64).withSeed(3));
        double k = 1 / Math.sqrt(64);
        for (String name : p.names()) {
            Tensor t = p.get(name);
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            for (int i = 0; i < t.size(); i++) {
                min = Math.min(min, t.get(i));
                max = Math.max(max, t.get(i));
                sum += t.get(i);
            }
            assertThat(min).as(name).isGreaterThanOrEqualTo(-k);
            assertThat(max).as(name).isLessThanOrEqualTo(k);
            // A uniform sample of ≥ 256 values covers most of the range and has a mean near 0 (σ/√n ≤ 0.0045).
            assertThat(max - min).as(name).isGreaterThan(1.8 * k);
            assertThat(sum / t.size()).as(name).isCloseTo(0, within(0.03));
        }
    }

    @Test
    void theProjectionIsDrawnAsARecurrentWeight() {
        // PyTorch draws weight_hr_l0 like every other tensor, U(−1/√H, 1/√H); an orthogonal scheme gives it orthonormal
        // rows (it is [P, H], wide), so that h = W_hr·m neither grows nor shrinks m's projection.
        Parameters uniform = draw(CellSpec.of("lstm", 10, 64).withProjection(16).withPrecision(Precision.FLOAT64).withSeed(3));
        Tensor whr = uniform.get("weight_hr_l0");
        assertThat(whr.shape()).containsExactly(16, 64);
        double k = 1 / Math.sqrt(64);
        double max = 0;
        for (int i = 0; i < whr.size(); i++) {
            max = Math.max(max, Math.abs(whr.get(i)));
        }
        assertThat(max).isLessThanOrEqualTo(k).isGreaterThan(0.9 * k); // 1024 draws reach the last tenth of the range
        Parameters orthogonal = draw(CellSpec.of("lstm", 3, 6).withProjection(4).withPrecision(Precision.FLOAT64)
                .withInitialization(Initialization.pytorchDefault().withRecurrentWeights(WeightInit.ORTHOGONAL)));
        Tensor w = orthogonal.get("weight_hr_l0");
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                double dot = 0;
                for (int j = 0; j < 6; j++) {
                    dot += w.get(a * 6 + j) * w.get(b * 6 + j);
                }
                assertThat(dot).as("row %d · row %d", a, b).isCloseTo(a == b ? 1 : 0, within(1e-12));
            }
        }
    }

    @Test
    void orthogonalBlocksHaveOrthonormalRowsOrColumnsTimesGain() {
        CellSpec spec = CellSpec.of("gru", 5, 6).withPrecision(Precision.FLOAT64)
                .withInitialization(Initialization.pytorchDefault().withInputWeights(WeightInit.ORTHOGONAL)
                        .withRecurrentWeights(WeightInit.ORTHOGONAL).withGain(2));
        Parameters p = draw(spec);
        Tensor whh = p.get("weight_hh_l0"); // 3 blocks of 6x6: WᵀW = 4I per block
        for (int g = 0; g < 3; g++) {
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    double dot = 0;
                    for (int r = 0; r < 6; r++) {
                        dot += whh.get((g * 6 + r) * 6 + a) * whh.get((g * 6 + r) * 6 + b);
                    }
                    assertThat(dot).isCloseTo(a == b ? 4 : 0, within(1e-12));
                }
            }
        }
        Tensor wih = p.get("weight_ih_l0"); // blocks of 6x5 (tall): orthonormal columns
        double col0 = 0;
        for (int r = 0; r < 6; r++) {
            col0 += wih.get(r * 5) * wih.get(r * 5);
        }
        assertThat(col0).isCloseTo(4, within(1e-12));
    }

    @Test
    void identityAndForgetGateBias() {
        CellSpec irnn = CellSpec.of("rnn", 2, 3).withNonlinearity(Nonlinearity.RELU)
                .withInitialization(Initialization.pytorchDefault().withRecurrentWeights(WeightInit.SCALED_IDENTITY)
                        .withGain(0.5).withBiases(BiasInit.ZEROS));
        Parameters p = draw(irnn);
        assertThat(p.get("weight_hh_l0").toDoubleArray()).containsExactly(0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5);
        assertThat(p.get("bias_ih_l0").toDoubleArray()).containsOnly(0);

        Parameters lstm = draw(CellSpec.of("lstm", 2, 3).withInitialization(Initialization.pytorchDefault().withForgetGateBias(1)));
        for (int r = 3; r < 6; r++) {
            assertThat(lstm.get("bias_ih_l0").get(r)).isEqualTo(1.0);
            assertThat(lstm.get("bias_hh_l0").get(r)).isEqualTo(0.0);
        }
        assertThat(lstm.get("bias_ih_l0").get(0)).isNotEqualTo(1.0);
    }

    @Test
    void sameSeedSameValuesInBothPrecisions() {
        CellSpec s = CellSpec.of("gru", 4, 5).withSeed(42);
        Parameters f32 = draw(s);
        Parameters f64 = draw(s.withPrecision(Precision.FLOAT64));
        for (String name : f32.names()) {
            // float32 holds the float64 draw rounded once: relative difference ≤ 2^-24.
            assertThat(f32.get(name).maxAbsDiff(f64.get(name))).as(name).isLessThanOrEqualTo(6e-8);
        }
    }
}
