package org.rnnlab.experiments.bench;

import java.util.SplittableRandom;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.Gradients;
import org.rnnlab.api.Precision;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.Upstream;

/** An rnnlab backend, chosen by name through the registry. */
public final class RnnlabEngine implements Engine {
    private final String backend;
    private final CellRegistry registry;

    /**
     * @param backend  a backend name, e.g. {@code cpu}
     * @param registry where it is
     */
    public RnnlabEngine(String backend, CellRegistry registry) {
        this.backend = backend;
        this.registry = registry.withBackend(backend);
    }

    @Override
    public String name() {
        return backend;
    }

    @Override
    public String unavailableReason() {
        for (org.rnnlab.api.ProviderStatus s : registry.report()) {
            if (s.backend().equals(backend)) {
                return s.availability().available() ? null : s.availability().reason();
            }
        }
        return "no backend named '" + backend + "'";
    }

    @Override
    public String cannotRun(BenchShape s) {
        for (org.rnnlab.api.ProviderStatus st : registry.report()) {
            if (st.backend().equals(backend)) {
                return st.kinds().contains(s.cell()) ? null : "offers " + st.kindsText() + ", not " + s.cell();
            }
        }
        return "no backend named '" + backend + "'";
    }

    /** float32 when the backend offers the kind in it, else float64 (a per-step plugin without a float32 twin). */
    private Precision precision(String kind) {
        return registry.offering(kind, Precision.FLOAT32).isEmpty() ? Precision.FLOAT64 : Precision.FLOAT32;
    }

    @Override
    public Prepared prepare(BenchShape s) {
        Precision p = precision(s.cell());
        RecurrentCell cell = registry.create(CellSpec.of(s.cell(), s.input(), s.hidden()).withPrecision(p).withSeed(1));
        long weights = 0;
        for (org.rnnlab.api.ParameterShape ps : cell.parameters().layout()) {
            if (ps.role() == org.rnnlab.api.ParameterRole.INPUT_WEIGHT || ps.role() == org.rnnlab.api.ParameterRole.RECURRENT_WEIGHT) {
                weights += ps.size();
            }
        }
        long w = weights;
        Tensor x = random(p, 1, s.steps(), s.batch(), s.input());
        Tensor gy = random(p, 2, s.steps(), s.batch(), s.hidden());
        Upstream up = Upstream.ofOutput(gy);
        return new Prepared() {
            @Override
            public Precision precision() {
                return p;
            }

            @Override
            public long weights() {
                return w;
            }

            @Override
            public double forward() {
                return cell.forward(x, null).output().get(0);
            }

            @Override
            public double forwardBackward() {
                ForwardPass pass = cell.forward(x, null);
                Gradients g = cell.backward(pass, up);
                return g.input().get(0);
            }

            @Override
            public void close() {
                cell.close();
            }
        };
    }

    static Tensor random(Precision p, long seed, int... shape) {
        Tensor t = Tensor.zeros(p, shape);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, 2 * r.nextDouble() - 1);
        }
        return t;
    }
}
