package org.rnnlab.experiments.bench;

import java.util.ServiceLoader;

/**
 * The engines benchmarks compare, as an enum whose constants are factories (Caffeine's pattern), so every engine runs
 * under the same harness and JMH can take it as a {@code @Param}.
 */
public enum Engines {
    /** rnnlab's cpu backend. */
    RNNLAB_CPU {
        @Override
        public Engine create() {
            return new RnnlabEngine("cpu");
        }
    },
    /** PyTorch through DJL (profile {@code peers}). */
    PYTORCH {
        @Override
        public Engine create() {
            for (PeerEngine p : peers()) {
                if (p.name().equals("pytorch")) {
                    return p;
                }
            }
            throw new IllegalStateException("the PyTorch peer is not on the class path: build with -Ppeers (mvn -Ppeers -pl experiments "
                    + "-am install -DskipTests) and run with RNNLAB_PEERS=1");
        }
    };

    /** The engine. */
    public abstract Engine create();

    /** Whether the PyTorch peer is on the class path. */
    public static boolean peerPresent() {
        return !peers().isEmpty();
    }

    /** The peers that load; a service entry whose class is missing (a stale build of the peers profile) is skipped. */
    private static java.util.List<PeerEngine> peers() {
        java.util.List<PeerEngine> out = new java.util.ArrayList<>();
        java.util.Iterator<PeerEngine> it = ServiceLoader.load(PeerEngine.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                // not present in this build
            }
        }
    }
}
