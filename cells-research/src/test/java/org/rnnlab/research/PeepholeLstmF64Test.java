package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rnnlab.research.CellTesting.relative;
import static org.rnnlab.research.CellTesting.row;
import static org.rnnlab.research.CellTesting.sigmoid;
import static org.rnnlab.research.CellTesting.values;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.ForwardPass;
import org.rnnlab.api.RecurrentCell;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

class PeepholeLstmF64Test {
    private static final int X = 3;
    private static final int H = 4;
    private static final int N = 2;
    private static final int T = 5;

    /**
     * With w_ci = w_cf = w_co = 0 the cell is torch.nn.LSTM: here its equations written out again, gate blocks i, f, g, o,
     * {@code c' = f·c + i·g}, {@code h' = o·tanh(c')}, from the same weights. Same operations in another order: 1e-14.
     */
    @Test
    void withZeroPeepholesItIsTheStandardLstm() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("peephole_lstm", X, H, 3, Map.of()))) {
            for (String p : new String[] {"weight_ci_l0", "weight_cf_l0", "weight_co_l0"}) {
                CellTesting.fill(cell, p, 0);
            }
            Tensor x = CellTesting.random(1, T, N, X);
            Tensor h0 = CellTesting.random(2, N, H);
            Tensor c0 = CellTesting.random(3, N, H);
            ForwardPass pass = cell.forward(x, State.of(h0, c0));
            double[][] want = lstm(cell, x.doubleData(), h0.doubleData(), c0.doubleData(), false);
            assertThat(relative(pass.output().doubleData(), want[0])).isLessThanOrEqualTo(1e-14);
            assertThat(relative(pass.finalState().c().doubleData(), want[1])).isLessThanOrEqualTo(1e-14);
        }
    }

    /** The same equations with the peepholes: c_{t−1} into i and f, the new c_t into o. */
    @Test
    void thePeepholesFeedTheOldCellStateToTheInputAndForgetGatesAndTheNewOneToTheOutputGate() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("peephole_lstm", X, H, 4, Map.of()))) {
            Tensor x = CellTesting.random(5, T, N, X);
            Tensor h0 = CellTesting.random(6, N, H);
            Tensor c0 = CellTesting.random(7, N, H);
            ForwardPass pass = cell.forward(x, State.of(h0, c0));
            double[][] want = lstm(cell, x.doubleData(), h0.doubleData(), c0.doubleData(), true);
            assertThat(relative(pass.output().doubleData(), want[0])).isLessThanOrEqualTo(1e-14);
            assertThat(relative(pass.finalState().c().doubleData(), want[1])).isLessThanOrEqualTo(1e-14);
        }
    }

    /**
     * With every other weight and bias 0 only the peepholes act: i = σ(w_ci·c), f = σ(w_cf·c), g = tanh 0 = 0, so
     * c' = f·c and h' = σ(w_co·c')·tanh(c'), whatever x and h are.
     */
    @Test
    void withOnlyPeepholesTheGatesReadTheCellStateAlone() {
        try (RecurrentCell cell = CellTesting.cell(CellTesting.spec("peephole_lstm", 1, 2, 5, Map.of()))) {
            for (String p : new String[] {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}) {
                CellTesting.fill(cell, p, 0);
            }
            System.arraycopy(new double[] {0.5, -2}, 0, values(cell, "weight_cf_l0"), 0, 2);
            System.arraycopy(new double[] {3, 0.25}, 0, values(cell, "weight_co_l0"), 0, 2);
            double[] c = {0.8, -1.5};
            ForwardPass pass = cell.forward(Tensor.wrap(new double[] {0.7}, 1, 1, 1),
                    State.of(Tensor.wrap(new double[] {0.3, -0.9}, 1, 2), Tensor.wrap(c.clone(), 1, 2)));
            double[] wcf = {0.5, -2};
            double[] wco = {3, 0.25};
            for (int j = 0; j < 2; j++) {
                double cn = sigmoid(wcf[j] * c[j]) * c[j];
                assertThat(pass.finalState().c().get(j)).isEqualTo(cn);
                assertThat(pass.finalState().h().get(j)).isCloseTo(sigmoid(wco[j] * cn) * Math.tanh(cn),
                        org.assertj.core.api.Assertions.within(1e-16));
            }
        }
    }

    /** {outputs [T, N, H], final c [N, H]} of the (peephole) LSTM equations, computed element by element. */
    private static double[][] lstm(RecurrentCell cell, double[] x, double[] h0, double[] c0, boolean peepholes) {
        double[] wih = values(cell, "weight_ih_l0");
        double[] whh = values(cell, "weight_hh_l0");
        double[] bih = values(cell, "bias_ih_l0");
        double[] bhh = values(cell, "bias_hh_l0");
        double[] wci = values(cell, "weight_ci_l0");
        double[] wcf = values(cell, "weight_cf_l0");
        double[] wco = values(cell, "weight_co_l0");
        double[] h = h0.clone();
        double[] c = c0.clone();
        double[] out = new double[T * N * H];
        for (int t = 0; t < T; t++) {
            double[] hn = new double[N * H];
            double[] cn = new double[N * H];
            for (int n = 0; n < N; n++) {
                for (int j = 0; j < H; j++) {
                    double[] a = new double[4];
                    for (int g = 0; g < 4; g++) {
                        int r = g * H + j;
                        a[g] = row(wih, r, X, x, (t * N + n) * X) + bih[r] + row(whh, r, H, h, n * H) + bhh[r];
                    }
                    double cOld = c[n * H + j];
                    double i = sigmoid(a[0] + (peepholes ? wci[j] * cOld : 0));
                    double f = sigmoid(a[1] + (peepholes ? wcf[j] * cOld : 0));
                    double g = Math.tanh(a[2]);
                    double cNew = f * cOld + i * g;
                    double o = sigmoid(a[3] + (peepholes ? wco[j] * cNew : 0));
                    cn[n * H + j] = cNew;
                    hn[n * H + j] = o * Math.tanh(cNew);
                }
            }
            h = hn;
            c = cn;
            System.arraycopy(h, 0, out, t * N * H, N * H);
        }
        return new double[][] {out, c};
    }
}
