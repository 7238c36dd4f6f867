package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSettings;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;

class ResearchCellProviderTest {
    private final ResearchCellProvider provider = new ResearchCellProvider();

    private static CellSpec spec(String kind) {
        return CellSpec.of(kind, 3, 4).withPrecision(Precision.FLOAT64).withSeed(1);
    }

    private static CellSpec spec(String kind, Map<String, ?> settings) {
        return spec(kind).withSettings(CellSettings.of(settings));
    }

    @Test
    void theRegistryFindsTheBackendAndServesEveryKindThroughIt() {
        CellRegistry registry = CellRegistry.discover();
        assertThat(registry.report()).anySatisfy(s -> {
            assertThat(s.backend()).isEqualTo("research");
            assertThat(s.availability().available()).isTrue();
            assertThat(s.kinds()).containsExactlyInAnyOrder("cornn", "exprnn", "indrnn", "ln_gru", "ln_lstm", "peephole_lstm");
        });
        for (String kind : provider.kinds()) {
            try (RecurrentCell cell = registry.create(spec(kind))) {
                assertThat(cell.backend()).as(kind).isEqualTo("research");
            }
        }
    }

    @Test
    void everyParameterIsNamedInPyTorchStyleEndingInL0AndBiasFalseDropsTheBiases() {
        Map<String, List<String>> names = Map.of(
                "peephole_lstm", List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ci_l0", "weight_cf_l0",
                        "weight_co_l0"),
                "ln_lstm", List.of("weight_ih_l0", "weight_hh_l0", "ln_ih_weight_l0", "ln_ih_bias_l0", "ln_hh_weight_l0", "ln_hh_bias_l0",
                        "ln_c_weight_l0", "ln_c_bias_l0"),
                "ln_gru", List.of("weight_ih_l0", "weight_hh_l0", "ln_ih_weight_l0", "ln_ih_bias_l0", "ln_hh_weight_l0", "ln_hh_bias_l0"),
                "indrnn", List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0"),
                "exprnn", List.of("weight_ih_l0", "log_weight_hh_l0", "bias_ih_l0", "modrelu_bias_l0"),
                "cornn", List.of("weight_ih_l0", "weight_hh_l0", "weight_hz_l0", "bias_ih_l0"));
        Map<String, List<String>> withoutBias = Map.of(
                "peephole_lstm", List.of("weight_ih_l0", "weight_hh_l0", "weight_ci_l0", "weight_cf_l0", "weight_co_l0"),
                "ln_lstm", List.of("weight_ih_l0", "weight_hh_l0", "ln_ih_weight_l0", "ln_hh_weight_l0", "ln_c_weight_l0"),
                "ln_gru", List.of("weight_ih_l0", "weight_hh_l0", "ln_ih_weight_l0", "ln_hh_weight_l0"),
                "indrnn", List.of("weight_ih_l0", "weight_hh_l0"),
                "exprnn", List.of("weight_ih_l0", "log_weight_hh_l0", "modrelu_bias_l0"),
                "cornn", List.of("weight_ih_l0", "weight_hh_l0", "weight_hz_l0"));
        assertThat(names.keySet()).isEqualTo(provider.kinds());
        for (String kind : provider.kinds()) {
            try (RecurrentCell with = provider.create(spec(kind)); RecurrentCell without = provider.create(spec(kind).withBias(false))) {
                assertThat(with.parameters().names()).as(kind).containsExactlyElementsOf(names.get(kind));
                assertThat(without.parameters().names()).as(kind + " bias=false").containsExactlyElementsOf(withoutBias.get(kind));
            }
        }
        try (RecurrentCell tanh = provider.create(spec("exprnn", Map.of("activation", "tanh")))) {
            assertThat(tanh.parameters().names()).containsExactly("weight_ih_l0", "log_weight_hh_l0", "bias_ih_l0");
        }
    }

    @Test
    void stackedAndBidirectionalLayersRenameEveryTensor() {
        NetworkSpec net = NetworkSpec.of(spec("ln_lstm")).withLayers(2).bidirectional(Merge.CONCAT);
        try (RecurrentNetwork n = RecurrentNetwork.create(net, CellRegistry.of(List.of(provider)))) {
            assertThat(n.parameters().names()).contains("ln_c_bias_l0", "ln_c_bias_l0_reverse", "ln_hh_weight_l1",
                    "ln_ih_bias_l1_reverse").allMatch(s -> s.matches(".*_l[01](_reverse)?"));
        }
    }

    @Test
    void aKindTakesOnlyItsOwnSettings() {
        assertThat(provider.settings("cornn")).containsExactlyInAnyOrder("dt", "gamma", "epsilon", "scheme");
        assertThat(provider.settings("exprnn")).containsExactlyInAnyOrder("activation", "init");
        assertThat(provider.settings("indrnn")).containsExactlyInAnyOrder("magnitude", "length");
        assertThat(provider.settings("ln_lstm")).isEmpty();
        assertThat(provider.settings("lstm")).isEmpty();
        assertThatThrownBy(() -> provider.create(spec("ln_lstm", Map.of("dt", 0.1))))
                .hasMessage("cell kind 'ln_lstm' has no setting 'dt'; it takes none");
        assertThatThrownBy(() -> CellRegistry.of(List.of(provider)).create(spec("cornn", Map.of("delta", 0.1))))
                .hasMessage("cell kind 'cornn' has no setting 'delta'; its settings: dt, epsilon, gamma, scheme");
    }

    /** Each kind in both precisions: the float32 step is the class generated from the float64 source. */
    @Test
    void everyKindIsOfferedInBothPrecisions() {
        for (String kind : provider.kinds()) {
            assertThat(provider.precisions(kind)).containsExactlyInAnyOrder(Precision.FLOAT32, Precision.FLOAT64);
            try (org.rnnlab.api.RecurrentCell cell = provider.create(spec(kind).withPrecision(Precision.FLOAT32))) {
                assertThat(cell.parameters().get(0).precision()).isEqualTo(Precision.FLOAT32);
            }
        }
        assertThat(provider.probe().reason()).contains("(float32, float64)");
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "cornn  | dt        | 0.0    | cell kind 'cornn': setting 'dt' must be in (0, 1], got 0 (leave it out for the default, 0.076)",
        "cornn  | dt        | 1.5    | cell kind 'cornn': setting 'dt' must be in (0, 1], got 1.5 (leave it out for the default, 0.076)",
        "cornn  | gamma     | -1.0   | cell kind 'cornn': setting 'gamma' must be at least 0, got -1 (leave it out for the default, 0.4)",
        "cornn  | epsilon   | -0.1   | cell kind 'cornn': setting 'epsilon' must be at least 0, got -0.1 (leave it out for the default, 8)",
        "indrnn | magnitude | 0.5    | cell kind 'indrnn': setting 'magnitude' must be at least 1, got 0.5 (leave it out for the default, 2)",
        "indrnn | length    | 0      | cell kind 'indrnn': setting 'length' must be a whole number in [1, 1000000000], got 0 "
            + "(leave it out for the default, 500)",
        "indrnn | length    | 2.5    | cell kind 'indrnn': setting 'length' must be a whole number in [1, 1000000000], got 2.5 "
            + "(leave it out for the default, 500)",
        "indrnn | length    | 1e10   | cell kind 'indrnn': setting 'length' must be a whole number in [1, 1000000000], got 10000000000 "
            + "(leave it out for the default, 500)"})
    void aNumberOutOfRangeIsRefusedWithTheRangeAndTheDefault(String kind, String name, double value, String message) {
        assertThatThrownBy(() -> provider.create(spec(kind, Map.of(name, value)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void aChoiceOutsideItsListIsRefusedWithTheList() {
        assertThatThrownBy(() -> provider.create(spec("exprnn", Map.of("activation", "relu"))))
                .hasMessage("cell kind 'exprnn': setting 'activation' must be one of linear, modrelu, tanh, got 'relu' "
                        + "(leave it out for the default, modrelu)");
        assertThatThrownBy(() -> provider.create(spec("exprnn", Map.of("init", "haar"))))
                .hasMessage("cell kind 'exprnn': setting 'init' must be one of cayley, henaff, got 'haar' (leave it out for the default, "
                        + "henaff)");
        assertThatThrownBy(() -> provider.create(spec("cornn", Map.of("scheme", "rk4"))))
                .hasMessage("cell kind 'cornn': setting 'scheme' must be one of explicit, imex, got 'rk4' (leave it out for the default, "
                        + "imex)");
        assertThatThrownBy(() -> provider.create(spec("cornn", Map.of("dt", "fast"))))
                .hasMessage("cell setting 'dt' must be a number, got 'fast'");
        assertThatThrownBy(() -> provider.create(spec("cornn", Map.of("scheme", 3))))
                .hasMessage("cell setting 'scheme' must be text, got 3");
    }

    @Test
    void theDefaultsAreThePapersAndTheirCodes() {
        assertThat(CoRnnSettings.defaults()).isEqualTo(new CoRnnSettings(0.076, 0.4, 8.0, CoRnnSettings.Scheme.IMEX));
        assertThat(CoRnnSettings.of(CellSettings.NONE)).isEqualTo(CoRnnSettings.defaults());
        assertThat(IndRnnSettings.defaults()).isEqualTo(new IndRnnSettings(2, 500));
        assertThat(IndRnnSettings.defaults().bound()).isEqualTo(Math.pow(2, 1.0 / 500));
        assertThat(ExpRnnSettings.defaults()).isEqualTo(new ExpRnnSettings(ExpRnnSettings.Activation.MODRELU, ExpRnnSettings.Init.HENAFF));
        CoRnnSettings set = CoRnnSettings.of(CellSettings.of(Map.of("dt", 0.5, "scheme", "explicit")));
        assertThat(set).isEqualTo(new CoRnnSettings(0.5, 0.4, 8.0, CoRnnSettings.Scheme.EXPLICIT));
        assertThat(IndRnnSettings.of(CellSettings.of(Map.of("length", 100))).length()).isEqualTo(100);
    }
}
