package org.rnnlab.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.plugin.MinimalGatedUnitProvider;
import org.rnnlab.api.plugin.SkewRnnProvider;

/**
 * What a step provider offers: float64 unless it supplies a float32 twin, said by {@code precisions}, the probe's reason
 * and the registry; and which unroller serves each precision.
 */
class StepCellProviderTest {

    @Test
    void aProviderWithoutAFloat32TwinOffersAndReportsFloat64Only() {
        StepCellProvider mgu = new MinimalGatedUnitProvider();
        assertThat(mgu.precisions("mgu")).containsExactly(Precision.FLOAT64);
        assertThat(mgu.probe().reason()).isEqualTo("pure Java; per-step cells unrolled by rnnlab (float64)");
        assertThatThrownBy(() -> mgu.create(CellSpec.of("mgu", 3, 4).withPrecision(Precision.FLOAT32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backend 'mgu-plugin' offers kinds [mgu] in float64, not mgu/float32");
        assertThat(CellRegistry.of(List.of(mgu)).offering("mgu", Precision.FLOAT32)).isEmpty();
    }

    @Test
    void aProviderWithAFloat32TwinRunsEachPrecisionInItsOwnUnroller() {
        StepCellProvider skew = new SkewRnnProvider();
        assertThat(skew.probe().reason()).isEqualTo("pure Java; per-step cells unrolled by rnnlab (float32, float64)");
        CellRegistry registry = CellRegistry.of(List.of(skew));
        assertThat(registry.offering("skew_rnn", Precision.FLOAT32)).containsExactly("skew-plugin");
        CellSpec spec = CellSpec.of("skew_rnn", 3, 4);
        try (RecurrentCell c32 = registry.create(spec.withPrecision(Precision.FLOAT32));
             RecurrentCell c64 = registry.create(spec.withPrecision(Precision.FLOAT64))) {
            assertThat(c32).isInstanceOf(UnrolledCellF32.class);
            assertThat(c64).isInstanceOf(UnrolledCell.class);
            assertThat(c32.parameters().get(0).floatData()).hasSize(4 * 3);
            assertThat(c64.parameters().get(0).doubleData()).hasSize(4 * 3);
        }
    }

    @Test
    void kindsOfferedInDifferentPrecisionsAreNamedInTheProbe() {
        assertThat(new MixedProvider(false).probe().reason())
                .isEqualTo("pure Java; per-step cells unrolled by rnnlab (mgu: float64; mgu32: float32, float64)");
    }

    @Test
    void listingFloat32WithoutATwinIsAProviderBugNamedWhenTheCellIsMade() {
        MixedProvider noTwin = new MixedProvider(false);
        assertThatThrownBy(() -> noTwin.create(CellSpec.of("mgu32", 3, 4).withPrecision(Precision.FLOAT32)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MixedProvider.class.getName() + " lists float32 for kind 'mgu32' in precisions() but its "
                        + "stepCellF32 returned no cell; override stepCellF32");
        try (RecurrentCell cell = noTwin.create(CellSpec.of("mgu32", 3, 4).withPrecision(Precision.FLOAT64))) {
            assertThat(cell.spec().precision()).as("float64 is unaffected").isEqualTo(Precision.FLOAT64);
        }
    }

    @Test
    void aTwinWithoutStatesIsRefusedInEitherPrecision() {
        MixedProvider broken = new MixedProvider(true);
        assertThatThrownBy(() -> broken.create(CellSpec.of("mgu32", 3, 4).withPrecision(Precision.FLOAT32)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stateCount 0 and cacheWidth 0");
    }

    /**
     * Kinds {@code mgu} (float64 only) and {@code mgu32} (listed in both precisions, with a float32 twin that is either
     * missing or has no state: the two provider bugs {@link StepCellProvider#create} names).
     */
    private static final class MixedProvider extends StepCellProvider {
        private final boolean statelessTwin;

        MixedProvider(boolean statelessTwin) {
            this.statelessTwin = statelessTwin;
        }

        @Override
        public String backend() {
            return "mixed";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("mgu", "mgu32");
        }

        @Override
        public Set<Precision> precisions(String kind) {
            return kind.equals("mgu32") ? EnumSet.allOf(Precision.class) : EnumSet.of(Precision.FLOAT64);
        }

        @Override
        protected StepCell stepCell(CellSpec spec) {
            StepCellProvider mgu = new MinimalGatedUnitProvider();
            return mgu.stepCell(spec.kind().equals("mgu32") ? CellSpec.of("mgu", spec.inputSize(), spec.hiddenSize()) : spec);
        }

        @Override
        protected Optional<StepCellF32> stepCellF32(CellSpec spec) {
            if (!statelessTwin) {
                return Optional.empty();
            }
            return Optional.of(new StepCellF32() {
                @Override
                public List<org.rnnlab.api.ParameterShape> layout() {
                    return List.of();
                }

                @Override
                public int stateCount() {
                    return 0;
                }

                @Override
                public int cacheWidth() {
                    return 0;
                }

                @Override
                public void forward(float[][] params, StepF32 step) {
                }

                @Override
                public void backward(float[][] params, StepF32 step, float[][] paramGrads) {
                }
            });
        }
    }
}
