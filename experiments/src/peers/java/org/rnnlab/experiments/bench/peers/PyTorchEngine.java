package org.rnnlab.experiments.bench.peers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;
import org.rnnlab.api.BuiltInKind;
import org.rnnlab.api.CellKinds;
import org.rnnlab.experiments.bench.BenchShape;
import org.rnnlab.experiments.bench.PeerEngine;

/**
 * PyTorch 2.7.1 on the CPU (its own {@code at::lstm/gru/rnn_tanh} kernels, oneDNN where it applies) through DJL's
 * PyTorch engine, float32, as a benchmark peer. Forward+backward: L = Σ output ⊙ G, gradients for every parameter and
 * the input, as rnnlab's engine computes them.
 */
public final class PyTorchEngine implements PeerEngine {
    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public String unavailableReason() {
        try {
            Engine.getEngine("PyTorch");
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "DJL's PyTorch engine does not load: " + e;
        }
    }

    @Override
    public String cannotRun(BenchShape s) {
        return CellKinds.BUILT_IN.contains(s.cell()) ? null : "torch.nn has no '" + s.cell() + "' cell";
    }

    @Override
    public Prepared prepare(BenchShape s) {
        NDManager m = NDManager.newBaseManager("PyTorch");
        int gh = BuiltInKind.of(s.cell()).gates() * s.hidden();
        float k = (float) (1 / Math.sqrt(s.hidden()));
        NDArray wih = m.randomUniform(-k, k, new Shape(gh, s.input()), DataType.FLOAT32);
        NDArray whh = m.randomUniform(-k, k, new Shape(gh, s.hidden()), DataType.FLOAT32);
        NDArray bih = m.randomUniform(-k, k, new Shape(gh), DataType.FLOAT32);
        NDArray bhh = m.randomUniform(-k, k, new Shape(gh), DataType.FLOAT32);
        NDArray x = m.randomUniform(-1, 1, new Shape(s.steps(), s.batch(), s.input()), DataType.FLOAT32);
        NDArray h0 = m.zeros(new Shape(1, s.batch(), s.hidden()), DataType.FLOAT32);
        NDArray c0 = m.zeros(new Shape(1, s.batch(), s.hidden()), DataType.FLOAT32);
        NDArray g = m.randomUniform(-1, 1, new Shape(s.steps(), s.batch(), s.hidden()), DataType.FLOAT32);
        NDList params = new NDList(wih, whh, bih, bhh);
        return new Prepared() {
            @Override
            public org.rnnlab.api.Precision precision() {
                return org.rnnlab.api.Precision.FLOAT32;
            }

            @Override
            public long weights() {
                return (long) gh * (s.input() + s.hidden());
            }

            private NDArray run() {
                NDList out = switch (s.cell()) {
                    case "lstm" -> x.getNDArrayInternal().lstm(x, new NDList(h0, c0), params, true, 1, 0, true, false, false);
                    case "gru" -> x.getNDArrayInternal().gru(x, h0, params, true, 1, 0, true, false, false);
                    default -> x.getNDArrayInternal().rnn(x, h0, params, true, 1, RNN.Activation.TANH, 0, true, false, false);
                };
                return out.get(0);
            }

            @Override
            public double forward() {
                try (NDManager scope = m.newSubManager()) {
                    NDArray y = run();
                    y.attach(scope);
                    return y.getFloat(0, 0, 0);
                }
            }

            @Override
            public double forwardBackward() {
                try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    for (NDArray p : params) {
                        p.setRequiresGradient(true);
                    }
                    x.setRequiresGradient(true);
                    NDArray y = run();
                    NDArray loss = y.mul(g).sum();
                    y.attach(scope);
                    loss.attach(scope);
                    gc.backward(loss);
                    return x.getGradient().getFloat(0, 0, 0);
                }
            }

            @Override
            public void close() {
                m.close();
            }
        };
    }
}
