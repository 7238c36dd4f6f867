package org.rnnlab.experiments.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.ProviderStatus;

/**
 * The engines benchmarks compare, by name, so that {@code ./rnnlab bench --backends} and JMH's {@code -p engine=} take
 * the same names: every backend of the registry (plugins included) and the peers on the class path ({@code pytorch},
 * built with the Maven profile {@code peers}).
 */
public final class Engines {
    /** The PyTorch peer's name. */
    public static final String PYTORCH = "pytorch";

    private Engines() {
    }

    /** The engine of this name; the error lists the known names and how to get the PyTorch peer. */
    public static Engine byName(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        for (PeerEngine p : peers()) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        CellRegistry registry = CellRegistry.discover();
        for (ProviderStatus s : registry.report()) {
            if (s.backend().equals(n)) {
                return new RnnlabEngine(n, registry);
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "'; known here: " + String.join(", ", names())
                + (PYTORCH.equals(n) ? ". The PyTorch peer is built in the Maven profile 'peers': RNNLAB_PEERS=1 ./rnnlab bench …, or "
                + "mvn -Ppeers -pl experiments -am install -DskipTests" : ""));
    }

    /** Every engine name here: the registry's backends, then the peers. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        CellRegistry.discover().report().forEach(s -> out.add(s.backend()));
        TreeSet<String> peers = new TreeSet<>();
        peers().forEach(p -> peers.add(p.name()));
        out.addAll(peers);
        return out;
    }

    /** Whether the PyTorch peer is on the class path. */
    public static boolean peerPresent() {
        return !peers().isEmpty();
    }

    /** The peers that load; a service entry whose class is missing (a stale build of the peers profile) is skipped. */
    private static List<PeerEngine> peers() {
        List<PeerEngine> out = new ArrayList<>();
        Iterator<PeerEngine> it = ServiceLoader.load(PeerEngine.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                // not present in this build
            }
        }
    }
}
