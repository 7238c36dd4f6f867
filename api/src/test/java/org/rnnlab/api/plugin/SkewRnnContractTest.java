package org.rnnlab.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/**
 * The contract kit over a cell whose steps read values made once per pass ({@code prepare}) and whose gradients are mapped
 * back ({@code backwardPrepared}): finite differences reach the parameters through both, in float64 and in the generated
 * float32 twin; and its constraint holds after initialization and after {@link RecurrentCell#constrainParameters()}.
 */
class SkewRnnContractTest extends CellContract {

    @Override
    protected CellProvider provider() {
        return new SkewRnnProvider();
    }

    @Test
    void theRecurrentMatrixIsSkewSoItsParameterGradientIsToo() {
        try (RecurrentCell cell = provider().create(CellSpec.of("skew_rnn", 2, 3).withPrecision(Precision.FLOAT64).withSeed(4))) {
            Tensor x = Tensor.zeros(Precision.FLOAT64, 5, 2, 2);
            for (int i = 0; i < x.size(); i++) {
                x.set(i, Math.sin(i));
            }
            var pass = cell.forward(x, null);
            Tensor g = cell.backward(pass, org.rnnlab.api.Upstream.ofOutput(pass.output())).parameter("log_weight_hh_l0");
            // ∂L/∂A = G − Gᵀ: antisymmetric, exactly (each entry is one subtraction of the same two sums).
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(g.get(i * 3 + j)).isEqualTo(-g.get(j * 3 + i));
                }
            }
        }
    }

    @Test
    void theCellsOwnDrawReplacesTheStandardOneAndFollowsTheSeed() {
        CellSpec spec = CellSpec.of("skew_rnn", 2, 5).withPrecision(Precision.FLOAT64).withSeed(8);
        try (RecurrentCell a = provider().create(spec); RecurrentCell b = provider().create(spec);
             RecurrentCell c = provider().create(spec.withSeed(9))) {
            Tensor ga = a.parameters().get("log_weight_hh_l0");
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j <= i; j++) {
                    assertThat(ga.get(i * 5 + j)).isZero();
                }
            }
            assertThat(ga.get(1)).isNotZero();
            assertThat(ga.toDoubleArray()).containsExactly(b.parameters().get("log_weight_hh_l0").toDoubleArray());
            assertThat(ga.toDoubleArray()).isNotEqualTo(c.parameters().get("log_weight_hh_l0").toDoubleArray());
        }
    }

    @Test
    void theFloat32TwinDrawsTheSameGeneratorRoundedAndKeepsTheConstraint() {
        CellSpec spec = CellSpec.of("skew_rnn", 2, 5).withSeed(8);
        try (RecurrentCell c64 = provider().create(spec.withPrecision(Precision.FLOAT64));
             RecurrentCell c32 = provider().create(spec.withPrecision(Precision.FLOAT32))) {
            assertThat(c32.getClass().getSimpleName()).isEqualTo("UnrolledCellF32");
            for (String name : c64.parameters().names()) {
                Tensor p64 = c64.parameters().get(name);
                Tensor p32 = c32.parameters().get(name);
                assertThat(p32.precision()).isEqualTo(Precision.FLOAT32);
                // Both draws are made in double from one stream and stored rounded: equal to the last bit.
                for (int i = 0; i < p64.size(); i++) {
                    assertThat(p32.get(i)).as("%s[%d]", name, i).isEqualTo((double) (float) p64.get(i));
                }
            }
            Tensor b = c32.parameters().get("bias_ih_l0");
            b.set(0, 3.0);
            b.set(1, -0.3);
            c32.constrainParameters();
            assertThat(b.get(0)).isEqualTo(SkewRnnF64.BIAS_BOUND);
            assertThat(b.get(1)).isEqualTo(-SkewRnnF64.BIAS_BOUND);
        }
    }

    @Test
    void aSettingTheKindDoesNotReadIsRefusedWhenTheCellIsMade() {
        CellSpec spec = CellSpec.of("skew_rnn", 2, 3).withPrecision(Precision.FLOAT64)
                .withSettings(org.rnnlab.api.CellSettings.of(java.util.Map.of("bound", 0.5)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider().create(spec))
                .hasMessageContaining("cell kind 'skew_rnn' has no setting 'bound'; it takes none");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.rnnlab.api.CellRegistry.of(java.util.List.of(provider())).create(spec))
                .hasMessageContaining("cell kind 'skew_rnn' has no setting 'bound'; it takes none");
    }

    @Test
    void theConstraintHoldsAfterInitializationAndAfterEachChange() {
        try (RecurrentCell cell = provider().create(CellSpec.of("skew_rnn", 2, 16).withPrecision(Precision.FLOAT64).withSeed(1))) {
            Tensor b = cell.parameters().get("bias_ih_l0");
            // PyTorch's draw is U(−1/√H, 1/√H) = U(−0.25, 0.25) at H 16, so take H 4, U(−0.5, 0.5), for the initial check.
            try (RecurrentCell small = provider().create(CellSpec.of("skew_rnn", 2, 4).withPrecision(Precision.FLOAT64).withSeed(2))) {
                Tensor bs = small.parameters().get("bias_ih_l0");
                int atBound = 0;
                for (int j = 0; j < 4; j++) {
                    assertThat(Math.abs(bs.get(j))).isLessThanOrEqualTo(SkewRnnF64.BIAS_BOUND);
                    atBound += Math.abs(bs.get(j)) == SkewRnnF64.BIAS_BOUND ? 1 : 0;
                }
                assertThat(atBound).as("seed 2 draws a bias beyond the bound, which the constraint clipped").isPositive();
            }
            b.set(0, 3.0);
            b.set(1, -0.3);
            b.set(2, 0.1);
            cell.constrainParameters();
            assertThat(b.get(0)).isEqualTo(SkewRnnF64.BIAS_BOUND);
            assertThat(b.get(1)).isEqualTo(-SkewRnnF64.BIAS_BOUND);
            assertThat(b.get(2)).isEqualTo(0.1);
        }
    }
}
