package org.rnnlab.api.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.spi.CellProvider;

/** A plugin that lives only in test code passes the whole contract kit with this one class. */
class MinimalGatedUnitContractTest extends CellContract {

    @Override
    protected CellProvider provider() {
        // Found the way every plugin is: through ServiceLoader, not by constructing it.
        return ServiceLoader.load(CellProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.backend().equals("mgu-plugin")).findFirst()
                .orElseThrow(() -> new AssertionError("the mgu plugin was not found through ServiceLoader"));
    }

    @Test
    void theRegistryServesThePluginKind() {
        try (RecurrentCell cell = CellRegistry.discover().create(CellSpec.of("mgu", 3, 4).withPrecision(Precision.FLOAT64))) {
            assertThat(cell.backend()).isEqualTo("mgu-plugin");
            assertThat(cell.parameters().names()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0");
        }
    }
}
