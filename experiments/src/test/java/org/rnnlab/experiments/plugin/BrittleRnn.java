package org.rnnlab.experiments.plugin;

import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterRole;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * A plugin cell for the harness's tests: an Elman RNN, {@code h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh)}, written against
 * the SPI alone, that fails on demand: with the system property {@value #FAIL} set to {@code true} every forward step
 * throws, so a test can make points fail at run time after the sweep was checked, then succeed on a rerun.
 */
public final class BrittleRnn implements StepCell {
    /** System property: {@code true} makes every forward step throw. */
    public static final String FAIL = "rnnlab.test.brittle.fail";

    private final int x;
    private final int h;
    private final List<ParameterShape> layout;

    BrittleRnn(CellSpec spec) {
        this.x = spec.inputSize();
        this.h = spec.hiddenSize();
        this.layout = List.of(
                new ParameterShape("weight_ih_l0", ParameterRole.INPUT_WEIGHT, 1, h, x),
                new ParameterShape("weight_hh_l0", ParameterRole.RECURRENT_WEIGHT, 1, h, h),
                new ParameterShape("bias_ih_l0", ParameterRole.BIAS, 1, h),
                new ParameterShape("bias_hh_l0", ParameterRole.BIAS, 1, h));
    }

    @Override
    public List<ParameterShape> layout() {
        return layout;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public int cacheWidth() {
        return 0;
    }

    @Override
    public void forward(double[][] p, Step s) {
        if (Boolean.getBoolean(FAIL)) {
            throw new IllegalStateException("brittle cell asked to fail (" + FAIL + "=true)");
        }
        double[] wih = p[0];
        double[] whh = p[1];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < h; i++) {
                double a = p[2][i] + p[3][i];
                for (int j = 0; j < x; j++) {
                    a += wih[i * x + j] * s.x()[b * x + j];
                }
                for (int j = 0; j < h; j++) {
                    a += whh[i * h + j] * s.previous(0)[b * h + j];
                }
                s.next(0)[b * h + i] = Math.tanh(a);
            }
        }
    }

    @Override
    public void backward(double[][] p, Step s, double[][] g) {
        double[] wih = p[0];
        double[] whh = p[1];
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < h; i++) {
                double y = s.next(0)[b * h + i];
                double da = s.gradNext(0)[b * h + i] * (1 - y * y);
                g[2][i] += da;
                g[3][i] += da;
                for (int j = 0; j < x; j++) {
                    g[0][i * x + j] += da * s.x()[b * x + j];
                    s.gradX()[b * x + j] += da * wih[i * x + j];
                }
                for (int j = 0; j < h; j++) {
                    g[1][i * h + j] += da * s.previous(0)[b * h + j];
                    s.gradPrevious(0)[b * h + j] += da * whh[i * h + j];
                }
            }
        }
    }
}
