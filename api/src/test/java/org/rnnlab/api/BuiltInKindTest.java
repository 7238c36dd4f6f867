package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BuiltInKindTest {

    @Test
    void theFactsAreThoseOfTorchNn() {
        // torch.nn's weight_ih_l0 is [G·H, X] with G = 1, 3, 4; LSTM alone carries c; RNN alone keeps no cache.
        assertThat(BuiltInKind.values()).extracting(BuiltInKind::id, BuiltInKind::gates, BuiltInKind::states, BuiltInKind::cachePerUnit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rnn", 1, 1, 0), org.assertj.core.groups.Tuple.tuple("gru", 3, 1, 4),
                        org.assertj.core.groups.Tuple.tuple("lstm", 4, 2, 4));
        assertThat(BuiltInKind.GRU.recurrentGradient()).isEqualTo(BuiltInKind.RecurrentGradient.SEPARATE);
        assertThat(BuiltInKind.LSTM.recurrentGradient()).isEqualTo(BuiltInKind.RecurrentGradient.SAME_AS_INPUT);
        assertThat(BuiltInKind.GRU.cacheWidth(7)).isEqualTo(28);
        assertThat(CellKinds.BUILT_IN).isEqualTo(BuiltInKind.ids()).containsExactlyInAnyOrder("rnn", "gru", "lstm");
        // torch.nn.LSTM alone has proj_size.
        assertThat(BuiltInKind.projectable()).containsExactly("lstm");
    }

    @Test
    void theLayoutHasTheKindsGateBlocks() {
        for (BuiltInKind k : BuiltInKind.values()) {
            assertThat(ParameterShape.standardLayout(CellSpec.of(k.id(), 5, 7))).allSatisfy(p -> {
                assertThat(p.gates()).as(p.name()).isEqualTo(k.gates());
                assertThat(p.dims()[0]).as(p.name()).isEqualTo(k.gates() * 7);
            });
        }
    }

    @Test
    void aPluginKindIsNotBuiltIn() {
        assertThat(BuiltInKind.find("janet")).isEmpty();
        assertThat(BuiltInKind.find("lstm")).contains(BuiltInKind.LSTM);
        assertThatThrownBy(() -> BuiltInKind.of("janet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'janet' is not a built-in cell kind; built-in: gru, lstm, rnn");
    }
}
