package org.rnnlab.experiments.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.Precision;
import org.rnnlab.optimizers.Settings;
import org.rnnlab.optimizers.training.Batch;

/** The series generators against an independent integration, the windows and splits, persistence, and bad settings. */
class SeriesForecastTest {
    @TempDir
    Path dir;

    private static SeriesForecast task(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return SeriesForecast.create("series", new Settings("task 'series'", m));
    }

    private static Task.DataRequest request() {
        return new Task.DataRequest(1, Precision.FLOAT64, 100, 100);
    }

    /**
     * x(t) for t = 0, 5, …, 40 from a separate Python RK4 at step 0.01 (ten times finer than the generator's), history
     * 1.2: the generator's step 0.1 must agree to a few parts in 10⁴ while the solution is still near its start.
     */
    @Test
    void mackeyGlassAgreesWithAFinerIndependentIntegration() {
        double[] expected = {1.2, 0.859144, 0.652404, 0.52701, 0.550117, 0.876691, 1.023838, 1.026812, 1.092135};
        double[][] x = SeriesForecast.mackeyGlass(41, 0);
        for (int i = 0; i < expected.length; i++) {
            assertThat(x[5 * i][0]).as("t = %d", 5 * i).isCloseTo(expected[i], within(5e-4));
        }
        double[][] long_ = SeriesForecast.mackeyGlass(3000, 500);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double[] v : long_) {
            lo = Math.min(lo, v[0]);
            hi = Math.max(hi, v[0]);
        }
        assertThat(lo).as("the attractor of τ = 17 lies in about [0.2, 1.4]").isBetween(0.15, 0.5);
        assertThat(hi).isBetween(1.1, 1.45);
    }

    /** The state at t = 0.5 and 1.0 from a Python RK4 at step 10⁻⁴. */
    @Test
    void lorenzAgreesWithAFinerIndependentIntegration() {
        double[][] s = SeriesForecast.lorenz(50, 0);
        assertThat(s[24]).containsExactly(new double[] {1.198273, -8.867198, 32.45474}, within(2e-3));
        assertThat(s[49]).containsExactly(new double[] {-9.37857, -8.357034, 29.362325}, within(2e-3));
    }

    @Test
    void windowsReadTheSeriesInOrderAndTargetTheNextValues() {
        SeriesForecast t = task("source", "lorenz", "points", 1000, "horizon", 3);
        assertThat(t.inputSize()).isEqualTo(3);
        assertThat(t.outputSize()).isEqualTo(9);
        Task.Splits sp = t.splits(10, request());
        assertThat(sp.train().size()).isEqualTo(700 - 10 - 3 + 1);
        assertThat(sp.validation().size()).isEqualTo(150 - 10 - 3 + 1);
        assertThat(sp.test().size()).isEqualTo(150 - 10 - 3 + 1);
        Batch a = sp.train().batch(new int[] {0, 5});
        Batch b = sp.train().batch(new int[] {6});
        assertThat(a.input().shape()).containsExactly(10, 2, 3);
        // window 5 ends at step 14; its first target (step 15) is the last input of window 6 (steps 6..15)
        for (int f = 0; f < 3; f++) {
            assertThat(a.target().get(9 + f)).isEqualTo(b.input().get(9 * 3 + f));
        }
        // standardised with the training part's statistics: mean 0, deviation 1 over the training steps
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int i = 0; i < sp.train().size(); i += 10) {
            Batch w = sp.train().batch(new int[] {i});
            for (int s = 0; s < 10; s++) {
                sum += w.input().get(s * 3);
                sq += w.input().get(s * 3) * w.input().get(s * 3);
                n++;
            }
        }
        assertThat(sum / n).isCloseTo(0, within(0.1));
        assertThat(sq / n).isCloseTo(1, within(0.15));
    }

    @Test
    void persistenceIsTheReferenceAndGetsWorseWithTheHorizon() {
        double one = task("points", 2000).persistence(task("points", 2000).splits(20, request()).test());
        SeriesForecast far = task("points", 2000, "horizon", 10);
        double ten = far.persistence(far.splits(20, request()).test());
        assertThat(one).as("a smooth series: the last value is close to the next").isBetween(0.02, 0.5);
        assertThat(ten).isGreaterThan(3 * one);
        SeriesForecast t = task("points", 2000);
        Task.Splits sp = t.splits(20, request());
        assertThat(t.references(sp)).containsOnlyKeys("persistence");
        assertThat(t.references(sp).get("persistence")).isEqualTo(t.persistence(sp.test()));
    }

    @Test
    void csvSourceReadsTheNamedColumns() throws IOException {
        StringBuilder csv = new StringBuilder("t,a,b\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i).append(',').append(Math.sin(i / 5.0)).append(',').append(Math.cos(i / 7.0)).append('\n');
        }
        Path f = dir.resolve("s.csv");
        Files.writeString(f, csv);
        SeriesForecast t = task("source", "csv", "file", f.toString(), "columns", "a, b");
        assertThat(t.inputSize()).isEqualTo(2);
        assertThat(t.splits(5, request()).train().size()).isEqualTo(210 - 5 - 1 + 1);
    }

    @Test
    void badSettingsAndFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> task("source", "sunspots")).hasMessage("task 'series': 'source' must be mackey_glass, lorenz or csv, got 'sunspots'");
        assertThatThrownBy(() -> task("horizon", 0)).hasMessage("task 'series': 'horizon' must be in [1, 1000], got 0");
        assertThatThrownBy(() -> task("points", 10)).hasMessage("task 'series': 'points' must be in [100, 10000000], got 10");
        assertThatThrownBy(() -> task("source", "csv")).hasMessage("task 'series': 'file' names the CSV file of a csv source");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a\n1\n2\nx\n");
        assertThatThrownBy(() -> task("source", "csv", "file", bad.toString()))
                .hasMessage("task 'series': 'file': " + bad + " line 4, column 'a': 'x' is not a number");
        assertThatThrownBy(() -> task("window", 3)).hasMessageContaining("unknown setting 'window'");
        SeriesForecast t = task("points", 200);
        assertThatThrownBy(() -> t.checkLength(40))
                .hasMessage("a window of 40 steps and a horizon of 1 do not fit the 30 steps of the smallest split of mackey_glass; use windows "
                        + "of at most 29");
    }
}
