package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CellSpecTest {

    @Test
    void defaultsAreThoseOfPyTorch() {
        CellSpec s = CellSpec.of("LSTM", 3, 4);
        assertThat(s.kind()).isEqualTo("lstm");
        assertThat(s.nonlinearity()).isEqualTo(Nonlinearity.TANH);
        assertThat(s.bias()).isTrue();
        assertThat(s.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(s.initialization()).isEqualTo(Initialization.pytorchDefault());
    }

    @Test
    void badValuesAreRejectedWithTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> CellSpec.of("lstm", 0, 4)).hasMessageContaining("inputSize must be in [1, 32768], got 0");
        assertThatThrownBy(() -> CellSpec.of("lstm", 3, -1)).hasMessageContaining("hiddenSize").hasMessageContaining("got -1");
        assertThatThrownBy(() -> CellSpec.of("", 3, 4)).hasMessageContaining("cell kind is missing").hasMessageContaining("gru, lstm, rnn");
        assertThatThrownBy(() -> CellSpec.of("my cell", 3, 4)).hasMessageContaining("'my cell' is not a valid name");
        assertThatThrownBy(() -> CellSpec.of("gru", 3, 4).withNonlinearity(Nonlinearity.RELU))
                .hasMessageContaining("nonlinearity=relu applies only to kind 'rnn'");
        assertThatThrownBy(() -> CellSpec.of("gru", 3, 4).withInitialization(Initialization.pytorchDefault().withForgetGateBias(1)))
                .hasMessageContaining("forgetGateBias applies only to kind 'lstm'");
        assertThatThrownBy(() -> CellSpec.of("lstm", 3, 4).withBias(false)
                .withInitialization(Initialization.pytorchDefault().withForgetGateBias(1))).hasMessageContaining("needs bias=true");
        assertThatThrownBy(() -> Initialization.pytorchDefault().withGain(0)).hasMessageContaining("gain must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> Initialization.pytorchDefault().withInputWeights(WeightInit.SCALED_IDENTITY))
                .hasMessageContaining("not square");
        assertThatThrownBy(() -> Precision.parse("half")).hasMessageContaining("unknown precision 'half'; known: float32, float64");
        assertThatThrownBy(() -> Nonlinearity.parse("gelu")).hasMessageContaining("known: tanh, relu");
    }

    @Test
    void settingsAreCheckedCopiedAndReadByType() {
        java.util.Map<String, Object> m = new java.util.HashMap<>(java.util.Map.of("dt", 0.042, "steps", 3, "activation", "linear",
                "learned", true));
        CellSpec s = CellSpec.of("cornn", 2, 8).withSettings(CellSettings.of(m));
        m.put("dt", 9.0); // the spec holds a copy
        assertThat(s.settings().number("dt", 1)).isEqualTo(0.042);
        assertThat(s.settings().values().get("steps")).isEqualTo(3L); // integers are Longs, whatever their boxed type was
        assertThat(s.settings().number("gamma", 2.7)).isEqualTo(2.7);
        assertThat(s.settings().text("activation", "tanh")).isEqualTo("linear");
        assertThat(s.settings().flag("learned", false)).isTrue();
        assertThat(s).isEqualTo(CellSpec.of("cornn", 2, 8).withSettings(CellSettings.of(java.util.Map.of("dt", 0.042, "steps", 3L,
                "activation", "linear", "learned", true))));
        assertThatThrownBy(() -> s.settings().number("activation", 0)).hasMessageContaining("'activation' must be a number, got 'linear'");
        assertThatThrownBy(() -> s.settings().text("dt", "")).hasMessageContaining("'dt' must be text, got 0.042");
        assertThatThrownBy(() -> s.settings().requireOnly("cornn", java.util.Set.of("dt", "gamma", "epsilon")))
                .hasMessageContaining("cell kind 'cornn' has no setting 'activation'; its settings: dt, epsilon, gamma");
        assertThatThrownBy(() -> CellSettings.of(java.util.Map.of("dt", Double.NaN))).hasMessageContaining("'dt' must be finite");
        assertThatThrownBy(() -> CellSettings.of(java.util.Map.of("Dt", 1))).hasMessageContaining("'Dt' is not valid");
        assertThatThrownBy(() -> CellSettings.of(java.util.Map.of("dt", java.util.List.of(1)))).hasMessageContaining("must be a number, text");
        assertThatThrownBy(() -> CellSpec.of("lstm", 2, 8).withSettings(CellSettings.of(java.util.Map.of("dt", 1))))
                .hasMessageContaining("kind 'lstm' takes no settings, got {dt=1}");
    }

    @Test
    void aProjectionFollowsPyTorchsProjSize() {
        CellSpec s = CellSpec.of("lstm", 3, 5).withProjection(2);
        assertThat(s.projectionSize()).isEqualTo(2);
        assertThat(s.outputSize()).isEqualTo(2);
        assertThat(CellSpec.of("lstm", 3, 5).outputSize()).isEqualTo(5);
        assertThat(s.withSeed(9).withPrecision(Precision.FLOAT64).withBias(false).projectionSize()).as("copies keep it").isEqualTo(2);
        assertThat(s.withProjection(0)).isEqualTo(CellSpec.of("lstm", 3, 5));
        // The 8- and 9-component constructors leave h unprojected.
        assertThat(new CellSpec("lstm", 3, 5, Nonlinearity.TANH, true, Precision.FLOAT32, Initialization.pytorchDefault(), 0L)
                .projectionSize()).isZero();
        assertThat(new CellSpec("lstm", 3, 5, Nonlinearity.TANH, true, Precision.FLOAT32, Initialization.pytorchDefault(), 0L,
                CellSettings.NONE).projectionSize()).isZero();
        assertThatThrownBy(() -> CellSpec.of("lstm", 3, 5).withProjection(5))
                .hasMessageContaining("projectionSize must be 0 (no projection) or in [1, hiddenSize) = [1, 5), got 5");
        assertThatThrownBy(() -> CellSpec.of("lstm", 3, 5).withProjection(-1)).hasMessageContaining("got -1");
        assertThatThrownBy(() -> CellSpec.of("gru", 3, 5).withProjection(2))
                .hasMessageContaining("projectionSize 2 applies only to kind lstm of the built-in kinds, not 'gru'");
        assertThatThrownBy(() -> CellSpec.of("rnn", 3, 5).withProjection(2)).hasMessageContaining("torch.nn.RNN has no proj_size");
        assertThatThrownBy(() -> CellSpec.of("lstm", 3, 5).withInitialization(Initialization.pytorchDefault()
                .withRecurrentWeights(WeightInit.SCALED_IDENTITY)).withProjection(2))
                .hasMessageContaining("SCALED_IDENTITY needs square gate blocks").hasMessageContaining("weight_hr [2, 5]");
        // A plugin kind may take one: its provider decides (CellProvider.offersProjection).
        assertThat(CellSpec.of("janet", 3, 5).withProjection(2).outputSize()).isEqualTo(2);
    }

    @Test
    void theProjectedLayoutIsTorchNnLstmsWithProjSize() {
        // nn.LSTM(3, 5, proj_size=2).state_dict(): weight_ih_l0 [20, 3], weight_hh_l0 [20, 2], biases [20], weight_hr_l0 [2, 5].
        assertThat(ParameterShape.standardLayout(CellSpec.of("lstm", 3, 5).withProjection(2))).extracting(ParameterShape::toString)
                .containsExactly("weight_ih_l0[20, 3] (input_weight)", "weight_hh_l0[20, 2] (recurrent_weight)", "bias_ih_l0[20] (bias)",
                        "bias_hh_l0[20] (bias)", "weight_hr_l0[2, 5] (recurrent_weight)");
        assertThat(ParameterShape.standardLayout(CellSpec.of("lstm", 3, 5).withProjection(2).withBias(false)))
                .extracting(ParameterShape::name).containsExactly("weight_ih_l0", "weight_hh_l0", "weight_hr_l0");
    }

    @Test
    void standardLayoutFollowsTorchNn() {
        assertThat(ParameterShape.standardLayout(CellSpec.of("gru", 5, 7))).extracting(ParameterShape::toString).containsExactly(
                "weight_ih_l0[21, 5] (input_weight)", "weight_hh_l0[21, 7] (recurrent_weight)",
                "bias_ih_l0[21] (bias)", "bias_hh_l0[21] (bias)");
        assertThat(ParameterShape.standardLayout(CellSpec.of("lstm", 5, 7).withBias(false))).hasSize(2);
        assertThat(ParameterShape.suffix(2, true)).isEqualTo("_l2_reverse");
    }
}
