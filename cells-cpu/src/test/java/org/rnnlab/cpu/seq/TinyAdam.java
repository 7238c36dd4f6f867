package org.rnnlab.cpu.seq;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnlab.api.Tensor;

/**
 * Adam (Kingma and Ba 2015) in a few lines, for the worked examples only; the optimizers module has the real one.
 */
final class TinyAdam {
    private final double lr;
    private final Map<String, double[]> m = new LinkedHashMap<>();
    private final Map<String, double[]> v = new LinkedHashMap<>();
    private int step;

    TinyAdam(double lr) {
        this.lr = lr;
    }

    void step(Map<String, Tensor> params, Map<String, Tensor> grads) {
        step++;
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor p = e.getValue();
            Tensor g = grads.get(e.getKey());
            double[] mm = m.computeIfAbsent(e.getKey(), k -> new double[p.size()]);
            double[] vv = v.computeIfAbsent(e.getKey(), k -> new double[p.size()]);
            for (int i = 0; i < p.size(); i++) {
                double gi = g.get(i);
                mm[i] = 0.9 * mm[i] + 0.1 * gi;
                vv[i] = 0.999 * vv[i] + 0.001 * gi * gi;
                p.set(i, p.get(i) - lr * (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + 1e-8));
            }
        }
    }
}
