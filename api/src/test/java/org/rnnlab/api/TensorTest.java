package org.rnnlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorIndexingAndConversion() {
        Tensor t = Tensor.of(Precision.FLOAT64, new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(t.indexString(4)).isEqualTo("[1, 1]");
        Tensor f = t.to(Precision.FLOAT32);
        assertThat(f.floatData()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        f.set(0, 0.1);
        assertThat(f.get(0)).isEqualTo((double) 0.1f); // rounded to float
        assertThat(t.get(0)).isEqualTo(1.0); // a copy, not a view
    }

    @Test
    void shapeErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Tensor.of(Precision.FLOAT32, new double[5], 2, 3)).hasMessageContaining("holds 6 values, but 5 were given");
        assertThatThrownBy(() -> Tensor.zeros(Precision.FLOAT32, 2, -1)).hasMessageContaining("negative dimension");
        assertThatThrownBy(() -> Tensor.zeros(Precision.FLOAT32, 1 << 16, 1 << 16))
                .isInstanceOf(MemoryLimitException.class).hasMessageContaining("a tensor of shape [65536, 65536] needs 65536 × 65536 = 4294967296 values, more than the 2147483639 a Java array holds");
        assertThatThrownBy(() -> Tensor.zeros(Precision.FLOAT32, 2).doubleData()).hasMessageContaining("tensor is float32");
        assertThatThrownBy(() -> Tensor.zeros(Precision.FLOAT32, 2).copyFrom(Tensor.zeros(Precision.FLOAT32, 3)))
                .hasMessageContaining("shape [3] into one of shape [2]");
    }

    @Test
    void findsTheFirstNonFiniteValue() {
        Tensor t = Tensor.zeros(Precision.FLOAT64, 2, 2);
        assertThat(t.firstNonFinite()).isEqualTo(-1);
        t.set(3, Double.NaN);
        assertThat(t.firstNonFinite()).isEqualTo(3);
    }

    @Test
    void theVersionMovesOnEveryWriteAndNeverOnReads() {
        Tensor t = Tensor.zeros(Precision.FLOAT32, 2, 3);
        long v = t.version();
        t.get(0);
        t.readFloats();
        t.copy();
        t.firstNonFinite();
        assertThat(t.version()).as("reads").isEqualTo(v);
        t.set(1, 2.0);
        assertThat(t.version()).as("set").isGreaterThan(v);
        v = t.version();
        t.floatData()[2] = 3f; // the array handed out for writing
        assertThat(t.version()).as("floatData").isGreaterThan(v);
        v = t.version();
        t.copyFrom(Tensor.zeros(Precision.FLOAT64, 2, 3));
        assertThat(t.version()).as("copyFrom").isGreaterThan(v);
        Tensor d = Tensor.zeros(Precision.FLOAT64, 4);
        v = d.version();
        d.readDoubles();
        assertThat(d.version()).isEqualTo(v);
        d.doubleData();
        assertThat(d.version()).as("doubleData").isGreaterThan(v);
        assertThatThrownBy(d::readFloats).isInstanceOf(IllegalStateException.class).hasMessageContaining("tensor is float64");
        assertThatThrownBy(t::readDoubles).isInstanceOf(IllegalStateException.class).hasMessageContaining("tensor is float32");
    }

    @Test
    void parametersMoveTheirVersionWhenAnyTensorIsWrittenOrLoaded() {
        java.util.List<ParameterShape> layout = ParameterShape.standardLayout(CellSpec.of("lstm", 3, 2));
        Parameters p = new Parameters(layout, Precision.FLOAT32);
        long v = p.version();
        p.snapshot();
        p.get(0).readFloats();
        assertThat(p.version()).as("reads").isEqualTo(v);
        p.get("bias_hh_l0").set(0, 1.0);
        assertThat(p.version()).isGreaterThan(v);
        v = p.version();
        p.load(p.snapshot());
        assertThat(p.version()).as("load").isGreaterThan(v);
        v = p.version();
        Parameters view = Parameters.view(layout, p.asMap());
        view.get(1).floatData();
        assertThat(p.version()).as("a write through a view").isGreaterThan(v);
        assertThat(view.version()).isEqualTo(p.version());
    }
}
