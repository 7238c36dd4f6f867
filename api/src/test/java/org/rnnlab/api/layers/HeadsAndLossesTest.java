package org.rnnlab.api.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.rnnlab.api.Mask;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.contract.GradientCheck;

class HeadsAndLossesTest {
    private static final Precision F64 = Precision.FLOAT64;
    private static final GradientCheck FD = new GradientCheck(1e-3, 1e-3);
    private static final Mask MASK = Mask.ofLengths(4, 4, 2, 0);

    private static Tensor classes(long seed, int o, int... shape) {
        Tensor t = Tensor.zeros(F64, shape);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, r.nextInt(o));
        }
        return t;
    }

    @Test
    void lossGradientsMatchFiniteDifferencesAndIgnoreMaskedRows() {
        Tensor p = CellContract.random(F64, 1, 4, 3, 5);
        for (Loss loss : new Loss[] {new MeanSquaredError(), new SoftmaxCrossEntropy()}) {
            Tensor y = loss instanceof MeanSquaredError ? CellContract.random(F64, 2, 4, 3, 5) : classes(3, 5, 4, 3);
            Loss.Result r = loss.evaluate(p, y, MASK);
            assertThat(r.rows()).isEqualTo(6);
            GradientCheck.Result check = FD.check(loss.getClass().getSimpleName(), p, r.gradient(), () -> loss.evaluate(p, y, MASK).value());
            assertThat(check.maxError()).as(check.toString()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
            for (int t = 0; t < 4; t++) {
                for (int n = 0; n < 3; n++) {
                    if (!MASK.valid(t, n)) {
                        for (int j = 0; j < 5; j++) {
                            assertThat(r.gradient().get((t * 3 + n) * 5 + j)).isZero();
                        }
                    }
                }
            }
        }
    }

    @Test
    void lossValuesAreThoseOfTorch() {
        // Uniform logits: cross-entropy = ln O, whatever the target.
        Tensor logits = Tensor.zeros(F64, 2, 4);
        assertThat(new SoftmaxCrossEntropy().evaluate(logits, Tensor.of(F64, new double[] {1, 3}, 2), null).value())
                .isCloseTo(Math.log(4), within(1e-15));
        // Large logits do not overflow: log-sum-exp.
        Tensor big = Tensor.of(F64, new double[] {1000, 0}, 1, 2);
        assertThat(new SoftmaxCrossEntropy().evaluate(big, Tensor.of(F64, new double[] {1}, 1), null).value()).isCloseTo(1000, within(1e-9));
        // MSE: mean over all elements.
        Tensor a = Tensor.of(F64, new double[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.of(F64, new double[] {1, 0, 3, 0}, 2, 2);
        assertThat(new MeanSquaredError().evaluate(a, b, null).value()).isEqualTo((4 + 16) / 4.0);
    }

    @Test
    void headGradientsMatchFiniteDifferences() {
        LinearHead head = new LinearHead(5, 3, F64, 7);
        Tensor x = CellContract.random(F64, 4, 4, 3, 5);
        Tensor y = classes(5, 3, 4, 3);
        Loss loss = new SoftmaxCrossEntropy();
        Loss.Result r = loss.evaluate(head.forward(x), y, MASK);
        LinearHead.Gradients g = head.backward(x, r.gradient());
        java.util.function.DoubleSupplier l = () -> loss.evaluate(head.forward(x), y, MASK).value();
        assertThat(FD.check("weight", head.parameters().get("weight"), g.weight(), l).maxError()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
        assertThat(FD.check("bias", head.parameters().get("bias"), g.bias(), l).maxError()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
        assertThat(FD.check("input", x, g.input(), l).maxError()).isLessThanOrEqualTo(CellContract.F64_GRAD_BOUND);
        assertThat(head.parameters().names()).containsExactly("weight", "bias");
    }

    @Test
    void badTargetsAndPredictionsAreRejected() {
        Tensor p = CellContract.random(F64, 1, 2, 3);
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().evaluate(p, Tensor.of(F64, new double[] {0, 3}, 2), null))
                .hasMessageContaining("target 3.0 at [1] is not a class index in [0, 3)");
        assertThatThrownBy(() -> new SoftmaxCrossEntropy().evaluate(p, Tensor.of(F64, new double[] {0.5, 1}, 2), null))
                .hasMessageContaining("not a class index");
        assertThatThrownBy(() -> new MeanSquaredError().evaluate(p, Tensor.zeros(F64, 3, 2), null)).hasMessageContaining("predictions' shape");
        Tensor nan = p.copy();
        nan.set(4, Double.NaN);
        assertThatThrownBy(() -> new MeanSquaredError().evaluate(nan, Tensor.zeros(F64, 2, 3), null)).hasMessageContaining("diverged");
        assertThatThrownBy(() -> new MeanSquaredError().evaluate(p, Tensor.zeros(F64, 2, 3), Mask.ofLengths(2, 1, 1)))
                .hasMessageContaining("a mask applies to [T, N, O]");
        Tensor p3 = CellContract.random(F64, 1, 2, 2, 3);
        assertThatThrownBy(() -> new MeanSquaredError().evaluate(p3, Tensor.zeros(F64, 2, 2, 3), Mask.ofLengths(2, 0, 0)))
                .hasMessageContaining("no real row");
        assertThatThrownBy(() -> new LinearHead(4, 2, F64, 1).forward(p)).hasMessageContaining("expects 4 features");
    }
}
