package org.rnnlab.optimizers.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnlab.optimizers.ClippingFactory;
import org.rnnlab.optimizers.ClippingPolicy;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.clipping.Clipping;
import org.rnnlab.optimizers.clipping.ParameterGroup;

/**
 * Registers the clipping policies: {@code none}; {@code value} (clip_value); {@code norm} (max_norm, per tensor);
 * {@code global_norm} (max_norm); {@code per_group} (input_weights, recurrent_weights, biases, other: a max norm each,
 * absent groups unclipped); {@code adaptive} (clipping = 0.01, eps = 1e-3); {@code chain} (policies: list of {name, …}).
 */
public final class ClippingModule extends AbstractModule {
    @Override
    protected void configure() {
        MapBinder<String, ClippingFactory> m = MapBinder.newMapBinder(binder(), String.class, ClippingFactory.class);
        m.addBinding("none").toInstance((s, c) -> finish(s, Clipping.none()));
        m.addBinding("value").toInstance((s, c) -> finish(s, Clipping.byValue(s.number("clip_value", 1.0))));
        m.addBinding("norm").toInstance((s, c) -> finish(s, Clipping.byNormPerTensor(s.number("max_norm", 1.0))));
        m.addBinding("global_norm").toInstance((s, c) -> finish(s, Clipping.globalNorm(s.number("max_norm", 1.0))));
        m.addBinding("per_group").toInstance((s, c) -> {
            Map<ParameterGroup, Double> limits = new EnumMap<>(ParameterGroup.class);
            for (ParameterGroup g : ParameterGroup.values()) {
                double v = s.number(g.name().toLowerCase(Locale.ROOT), Double.NaN);
                if (!Double.isNaN(v)) {
                    limits.put(g, v);
                }
            }
            if (limits.isEmpty()) {
                throw new IllegalArgumentException(s.owner() + ": give a max norm for at least one of input_weights, recurrent_weights,"
                        + " biases, other");
            }
            return finish(s, Clipping.perGroup(limits));
        });
        m.addBinding("adaptive").toInstance((s, c) -> finish(s, Clipping.adaptive(s.number("clipping", 0.01), s.number("eps", 1e-3))));
        m.addBinding("chain").toInstance((s, c) -> {
            List<ClippingPolicy> parts = new ArrayList<>();
            for (Map<String, Object> entry : s.list("policies")) {
                Object name = entry.remove("name");
                if (name == null) {
                    throw new IllegalArgumentException(s.owner() + ": every entry of 'policies' needs a 'name'");
                }
                parts.add(c.clipping(name.toString(), entry));
            }
            return finish(s, Clipping.chain(parts));
        });
    }

    private static ClippingPolicy finish(Settings s, ClippingPolicy p) {
        s.finish();
        return p;
    }
}
