package org.rnnlab.research;

import java.util.Map;
import java.util.Set;
import org.rnnlab.api.CellSettings;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.spi.CellProvider;

/**
 * The contract kit again over the kinds that read settings, each away from its defaults: expRNN with tanh and the Cayley
 * draw, coRNN's explicit scheme with a larger Δt and other springs, IndRNN with a bound of 10^{1/3} (so that finite
 * differences and every other check cover each variant, not only the defaults).
 */
class VariedSettingsContractTest extends ResearchCellContractTest {
    @Override
    protected CellProvider provider() {
        return new NarrowedProvider(super.provider(), Set.of("exprnn", "cornn", "indrnn"));
    }

    @Override
    protected CellSpec spec(String kind, Precision precision) {
        Map<String, Object> s = switch (kind) {
            case "exprnn" -> Map.of("activation", "tanh", "init", "cayley");
            case "cornn" -> Map.of("scheme", "explicit", "dt", 0.5, "gamma", 2.0, "epsilon", 1.0);
            case "indrnn" -> Map.of("magnitude", 10.0, "length", 3);
            default -> Map.of();
        };
        return super.spec(kind, precision).withSettings(CellSettings.of(s));
    }
}
