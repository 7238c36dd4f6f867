package org.rnnlab.optimizers.training;

import java.util.List;
import java.util.Set;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.ParameterShape;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;
import org.rnnlab.api.spi.StepCellProvider;
import org.rnnlab.cpu.step.RnnStepF64;

/** Kind {@code bounded_rnn}: the reference tanh RNN with a constraint, |bias_ih| ≤ {@value #BOUND}, for the trainer's tests. */
final class BoundedBiasRnnProvider extends StepCellProvider {
    static final double BOUND = 0.25;

    @Override
    public String backend() {
        return "bounded-test";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Set<String> kinds() {
        return Set.of("bounded_rnn");
    }

    @Override
    protected StepCell stepCell(CellSpec spec) {
        StepCell rnn = new RnnStepF64(new CellSpec("rnn", spec.inputSize(), spec.hiddenSize(), spec.nonlinearity(), true, spec.precision(),
                spec.initialization(), spec.seed()));
        return new StepCell() {
            @Override
            public List<ParameterShape> layout() {
                return rnn.layout();
            }

            @Override
            public int stateCount() {
                return 1;
            }

            @Override
            public int cacheWidth() {
                return rnn.cacheWidth();
            }

            @Override
            public void forward(double[][] params, Step step) {
                rnn.forward(params, step);
            }

            @Override
            public void backward(double[][] params, Step step, double[][] paramGrads) {
                rnn.backward(params, step, paramGrads);
            }

            @Override
            public void constrain(double[][] params) {
                for (int j = 0; j < params[2].length; j++) {
                    params[2][j] = Math.max(-BOUND, Math.min(BOUND, params[2][j]));
                }
            }
        };
    }
}
