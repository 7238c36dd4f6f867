package org.rnnlab.research;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellF32;

/**
 * The kinds of backend {@code research}, each with the settings it reads and the factories of its step in both precisions
 * (the float32 classes are generated from the float64 sources by the plugin parent's build): one description per kind,
 * which the provider's {@code kinds()}, {@code settings(kind)}, {@code stepCell(spec)} and {@code stepCellF32(spec)} read.
 */
enum ResearchKind {
    /** coRNN (Rusch and Mishra 2021): settings {@code dt}, {@code gamma}, {@code epsilon}, {@code scheme}. */
    CORNN("cornn", CoRnnSettings.NAMES, spec -> new CoRnnF64(spec, CoRnnSettings.of(spec.settings())),
            spec -> new CoRnnF32(spec, CoRnnSettings.of(spec.settings()))),
    /** The orthogonal RNN by the exponential map (Lezcano-Casado and Martínez-Rubio 2019): {@code activation}, {@code init}. */
    EXPRNN("exprnn", ExpRnnSettings.NAMES, spec -> new ExpRnnF64(spec, ExpRnnSettings.of(spec.settings())),
            spec -> new ExpRnnF32(spec, ExpRnnSettings.of(spec.settings()))),
    /** IndRNN (Li et al. 2018): {@code magnitude}, {@code length} (the bound on |u|). */
    INDRNN("indrnn", IndRnnSettings.NAMES, spec -> new IndRnnF64(spec, IndRnnSettings.of(spec.settings())),
            spec -> new IndRnnF32(spec, IndRnnSettings.of(spec.settings()))),
    /** The layer-normalised GRU (Ba, Kiros and Hinton 2016). */
    LN_GRU("ln_gru", Set.of(), LayerNormGruF64::new, LayerNormGruF32::new),
    /** The layer-normalised LSTM (Ba, Kiros and Hinton 2016). */
    LN_LSTM("ln_lstm", Set.of(), LayerNormLstmF64::new, LayerNormLstmF32::new),
    /** The LSTM with peephole connections (Gers, Schraudolph and Schmidhuber 2002). */
    PEEPHOLE_LSTM("peephole_lstm", Set.of(), PeepholeLstmF64::new, PeepholeLstmF32::new);

    private final String id;
    private final Set<String> settings;
    private final Function<CellSpec, StepCell> factory;
    private final Function<CellSpec, StepCellF32> factoryF32;

    ResearchKind(String id, Set<String> settings, Function<CellSpec, StepCell> factory, Function<CellSpec, StepCellF32> factoryF32) {
        this.id = id;
        this.settings = settings;
        this.factory = factory;
        this.factoryF32 = factoryF32;
    }

    /** The kind's name in a {@link CellSpec}. */
    String id() {
        return id;
    }

    /** The names of the settings the kind reads. */
    Set<String> settings() {
        return settings;
    }

    /** The float64 step of {@code spec}, whose kind is this one; its settings are validated here. */
    StepCell create(CellSpec spec) {
        return factory.apply(spec);
    }

    /** The float32 step (generated from the float64 source) of {@code spec}; its settings are validated here. */
    StepCellF32 createF32(CellSpec spec) {
        return factoryF32.apply(spec);
    }

    /** Every kind's name. */
    static Set<String> ids() {
        return Arrays.stream(values()).map(ResearchKind::id).collect(Collectors.toUnmodifiableSet());
    }

    /** The kind named {@code id}, if this backend offers it. */
    static Optional<ResearchKind> find(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kind named {@code id}; the provider checked that it is offered before asking. */
    static ResearchKind of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("backend 'research' has no cell kind '" + id + "'; its kinds: "
                + String.join(", ", ids().stream().sorted().toList())));
    }
}
