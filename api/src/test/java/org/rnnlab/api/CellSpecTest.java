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
    void standardLayoutFollowsTorchNn() {
        assertThat(ParameterShape.standardLayout(CellSpec.of("gru", 5, 7))).extracting(ParameterShape::toString).containsExactly(
                "weight_ih_l0[21, 5] (input_weight)", "weight_hh_l0[21, 7] (recurrent_weight)",
                "bias_ih_l0[21] (bias)", "bias_hh_l0[21] (bias)");
        assertThat(ParameterShape.standardLayout(CellSpec.of("lstm", 5, 7).withBias(false))).hasSize(2);
        assertThat(ParameterShape.suffix(2, true)).isEqualTo("_l2_reverse");
    }
}
