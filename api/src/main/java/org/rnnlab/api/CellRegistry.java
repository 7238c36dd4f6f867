package org.rnnlab.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.rnnlab.api.spi.Availability;
import org.rnnlab.api.spi.CellProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds cell providers with {@link ServiceLoader} and picks one for each {@link CellSpec}.
 *
 * <p>Choice: an explicit backend (system property {@value #PROPERTY}, else environment variable {@value #ENV})
 * wins, and fails fast when it is unknown, unavailable or does not offer the kind and precision. Otherwise the
 * available provider with the highest priority that supports the spec is used. A provider that cannot be loaded
 * or whose probe throws is reported as unavailable and never stops discovery. Probes run once per registry.
 */
public final class CellRegistry {
    /** System property naming the backend to use. */
    public static final String PROPERTY = "rnnlab.backend";
    /** Environment variable naming the backend to use (the system property wins). */
    public static final String ENV = "RNNLAB_BACKEND";

    private static final Logger LOG = LoggerFactory.getLogger(CellRegistry.class);

    private final List<CellProvider> providers;
    private final List<ProviderStatus> broken;
    private final Optional<String> explicitBackend;
    private final String explicitSource;
    private final Map<CellProvider, Availability> probes = new LinkedHashMap<>();
    /** Choices already logged at INFO, per JVM: a sweep or {@code ./rnnlab bench} discovers a registry per run. */
    private static final java.util.Set<String> ANNOUNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CellRegistry(List<CellProvider> providers, List<ProviderStatus> broken, Optional<String> explicitBackend,
                         String explicitSource) {
        this.providers = List.copyOf(providers);
        this.broken = List.copyOf(broken);
        this.explicitBackend = explicitBackend;
        this.explicitSource = explicitSource;
    }

    /** Providers on the class path, with the explicit choice read from {@value #PROPERTY} / {@value #ENV}. */
    public static CellRegistry discover() {
        List<CellProvider> found = new ArrayList<>();
        List<ProviderStatus> broken = new ArrayList<>();
        Iterator<CellProvider> it = ServiceLoader.load(CellProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                broken.add(new ProviderStatus("(broken)", 0, Set.of(),
                        Availability.unavailable("could not be loaded: " + e.getMessage()), "?"));
                LOG.warn("skipping a cell provider that could not be loaded: {}", e.toString());
            }
        }
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return new CellRegistry(found, broken, Optional.of(prop.trim().toLowerCase(Locale.ROOT)), "system property " + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return new CellRegistry(found, broken, Optional.of(env.trim().toLowerCase(Locale.ROOT)), "environment variable " + ENV);
        }
        return new CellRegistry(found, broken, Optional.empty(), "");
    }

    /** A registry of the given providers and no explicit choice (for tests and embedding). */
    public static CellRegistry of(List<CellProvider> providers) {
        return new CellRegistry(providers, List.of(), Optional.empty(), "");
    }

    /** The same providers with {@code backend} chosen explicitly, as if set through {@value #PROPERTY}. */
    public CellRegistry withBackend(String backend) {
        return new CellRegistry(providers, broken, Optional.of(backend.trim().toLowerCase(Locale.ROOT)), "explicit choice");
    }

    /** The explicitly chosen backend, if any. */
    public Optional<String> explicitBackend() {
        return explicitBackend;
    }

    /** Every provider found (and every one that failed to load), probed, highest priority first. */
    public List<ProviderStatus> report() {
        List<ProviderStatus> out = new ArrayList<>();
        for (CellProvider p : sortedProviders()) {
            out.add(status(p));
        }
        out.addAll(broken);
        return out;
    }

    /** The report as text, one provider per line. */
    public String describe() {
        List<ProviderStatus> all = report();
        int name = Math.max(10, all.stream().mapToInt(s -> s.backend().length()).max().orElse(0));
        int kinds = Math.max(14, all.stream().mapToInt(s -> s.kindsText().length()).max().orElse(0));
        return all.stream().map(s -> "  " + s.describe(name, kinds)).collect(Collectors.joining("\n"));
    }

    /**
     * The provider that will serve {@code spec}.
     *
     * @throws BackendUnavailableException with every provider and why it was skipped
     */
    public CellProvider select(CellSpec spec) {
        String what = spec.kind() + "/" + spec.precision().id()
                + (spec.projectionSize() > 0 ? " with projectionSize " + spec.projectionSize() : "");
        if (explicitBackend.isPresent()) {
            String name = explicitBackend.get();
            CellProvider chosen = providers.stream().filter(p -> name.equals(safeName(p))).findFirst().orElse(null);
            if (chosen == null) {
                throw new BackendUnavailableException("unknown backend '" + name + "' (from " + explicitSource + "); known: "
                        + knownNames() + ".\nProviders probed:\n" + describe() + "\n" + howToFix());
            }
            Availability a = probe(chosen);
            if (!a.available()) {
                throw new BackendUnavailableException("backend '" + name + "' (from " + explicitSource + ") is unavailable: "
                        + a.reason() + ".\nProviders probed:\n" + describe() + "\n" + howToFix());
            }
            if (!chosen.supports(spec)) {
                throw new BackendUnavailableException("backend '" + name + "' (from " + explicitSource + ") does not offer " + what
                        + ": " + offers(chosen) + ".\nProviders probed:\n" + describe() + "\n" + howToFix()
                        + (spec.projectionSize() > 0 ? " Or leave projectionSize at 0." : ""));
            }
            log(what, name, "chosen by " + explicitSource + "; " + a);
            return chosen;
        }
        StringBuilder why = new StringBuilder();
        for (CellProvider p : sortedProviders()) {
            Availability a = probe(p);
            if (!a.available()) {
                why.append("  ").append(safeName(p)).append(": ").append(a).append('\n');
            } else if (!p.supports(spec)) {
                why.append("  ").append(safeName(p)).append(": available, but does not offer ").append(what)
                        .append(" (").append(offers(p)).append(")\n");
            } else {
                log(what, safeName(p), "priority " + p.priority() + "; " + a);
                return p;
            }
        }
        for (ProviderStatus b : broken) {
            why.append("  ").append(b.backend()).append(": ").append(b.availability()).append('\n');
        }
        if (why.length() == 0) {
            why.append("  (no provider on the class path: add cells-cpu, or a plugin jar with META-INF/services/")
                    .append(CellProvider.class.getName()).append(")\n");
        }
        throw new BackendUnavailableException("no backend can run " + what + ". Providers probed:\n" + why
                + "Add a provider that offers it (a plugin jar listing it in META-INF/services/" + CellProvider.class.getName()
                + "; ./rnnlab takes plugin jars from plugins/ or RNNLAB_PLUGINS), or choose another kind or precision"
                + (spec.projectionSize() > 0 ? ", or leave projectionSize at 0." : "."));
    }

    /**
     * The providers (the explicitly chosen one only, when there is a choice) that offer {@code kind} in {@code precision},
     * whether or not they are available here: for checking a job that will run on other machines (a cuda backend may be
     * unavailable on a cluster's driver and available on its executors). Probes nothing.
     */
    public List<String> offering(String kind, Precision precision) {
        List<String> out = new ArrayList<>();
        for (CellProvider p : sortedProviders()) {
            String name = safeName(p);
            if (explicitBackend.isPresent() && !explicitBackend.get().equals(name)) {
                continue;
            }
            try {
                if (p.kinds().contains(kind) && p.precisions(kind).contains(precision)) {
                    out.add(name);
                }
            } catch (RuntimeException e) {
                // a provider that cannot say what it offers offers nothing
            }
        }
        return out;
    }

    /** Selects a provider for {@code spec} and builds the cell; settings the provider does not know for the kind are refused. */
    public RecurrentCell create(CellSpec spec) {
        CellProvider p = select(spec);
        spec.settings().requireOnly(spec.kind(), p.settings(spec.kind()));
        return p.create(spec);
    }

    /** The first choice for a kind and precision is logged at INFO, repeats at DEBUG (sweeps build many cells). */
    private void log(String what, String backend, String why) {
        if (ANNOUNCED.add(what + "->" + backend + " (" + why + ")")) {
            LOG.info("{} -> backend {} ({})", what, backend, why);
        } else {
            LOG.debug("{} -> backend {} ({})", what, backend, why);
        }
    }

    private String howToFix() {
        return "Set " + PROPERTY + " / " + ENV + " to one of the available backends (" + availableNames()
                + "), or unset both to pick the best available one automatically.";
    }

    /** {@code gru in float32/float64, lstm in float32/float64 (with projections), …}: what a provider offers. */
    private String offers(CellProvider p) {
        return p.kinds().stream().sorted().map(k -> k + " in " + p.precisions(k).stream().map(Precision::id).sorted()
                .collect(Collectors.joining("/")) + (offersProjectionSafely(p, k) ? " (with projections)" : ""))
                .collect(Collectors.joining(", "))
                + (p.kinds().stream().anyMatch(BuiltInKind.projectable()::contains)
                        && p.kinds().stream().noneMatch(k -> offersProjectionSafely(p, k)) ? "; no projections" : "");
    }

    private static boolean offersProjectionSafely(CellProvider p, String kind) {
        try {
            return p.offersProjection(kind);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String knownNames() {
        return sortedProviders().stream().map(CellRegistry::safeName).collect(Collectors.joining(", "));
    }

    private String availableNames() {
        String s = sortedProviders().stream().filter(p -> probe(p).available()).map(CellRegistry::safeName)
                .collect(Collectors.joining(", "));
        return s.isEmpty() ? "none available" : s;
    }

    private List<CellProvider> sortedProviders() {
        return providers.stream().sorted(Comparator.comparingInt(CellRegistry::safePriority).reversed()
                .thenComparing(CellRegistry::safeName)).toList();
    }

    private ProviderStatus status(CellProvider p) {
        Set<String> kinds;
        try {
            kinds = Set.copyOf(p.kinds());
        } catch (RuntimeException e) {
            kinds = Set.of();
        }
        return new ProviderStatus(safeName(p), safePriority(p), kinds, probe(p), p.getClass().getName());
    }

    private synchronized Availability probe(CellProvider p) {
        return probes.computeIfAbsent(p, CellRegistry::probeSafely);
    }

    private static Availability probeSafely(CellProvider p) {
        try {
            Availability a = p.probe();
            return a != null ? a : Availability.unavailable("probe returned null (a provider bug)");
        } catch (Throwable t) { // a probe must never stop discovery, even on a native-library Error
            return Availability.unavailable("probe failed: " + t);
        }
    }

    private static String safeName(CellProvider p) {
        try {
            return p.backend();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    private static int safePriority(CellProvider p) {
        try {
            return p.priority();
        } catch (RuntimeException e) {
            return Integer.MIN_VALUE;
        }
    }
}
