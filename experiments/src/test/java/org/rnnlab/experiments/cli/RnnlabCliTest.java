package org.rnnlab.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rnnlab.api.CellRegistry;

class RnnlabCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return RnnlabCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @AfterEach
    void clearChoice() {
        System.clearProperty(CellRegistry.PROPERTY);
    }

    @Test
    void backendsListsEveryProviderWithItsReason() {
        assertThat(run("backends")).isZero();
        assertThat(out.toString()).contains("cpu").contains("priority 100").contains("available: pure Java, Vector API matrix products")
                .contains("reference").contains("priority 10")
                .containsPattern("research +priority 10 +kinds cornn,exprnn,indrnn,ln_gru,ln_lstm,peephole_lstm +available: ");
    }

    @Test
    void gradientsProbesTheResearchCellsOnTheirBackend() {
        assertThat(run("gradients", "--cells", "cornn,exprnn,indrnn,ln_gru,ln_lstm,peephole_lstm", "--length", "12", "--hidden", "4"))
                .as(err.toString()).isZero();
        for (String kind : new String[] {"cornn", "exprnn", "indrnn", "ln_gru", "ln_lstm", "peephole_lstm"}) {
            assertThat(out.toString()).containsPattern("(?m)^" + kind + " +research +\\d+\\.\\d{4} ");
        }
    }

    @Test
    void gradientsWithoutCellsTakesEveryKindOfferedInThePrecision() {
        CellRegistry registry = CellRegistry.discover();
        // The test plugin 'brittle' offers float64 only; research's cells (float32 twins generated) both.
        assertThat(GradientsCommand.offered(registry, org.rnnlab.api.Precision.FLOAT32)).containsExactly("cornn", "exprnn", "gru",
                "indrnn", "ln_gru", "ln_lstm", "lstm", "peephole_lstm", "rnn");
        assertThat(GradientsCommand.offered(registry, org.rnnlab.api.Precision.FLOAT64)).containsExactly("brittle", "cornn", "exprnn",
                "gru", "indrnn", "ln_gru", "ln_lstm", "lstm", "peephole_lstm", "rnn");
        assertThat(GradientsCommand.offered(registry.withBackend("research"), org.rnnlab.api.Precision.FLOAT64))
                .containsExactly("cornn", "exprnn", "indrnn", "ln_gru", "ln_lstm", "peephole_lstm");
    }

    @Test
    void anUnknownBackendGetsOneMessageNamingEachProvider() {
        System.setProperty(CellRegistry.PROPERTY, "tpu");
        assertThat(run("demo", "--iterations", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("rnnlab: unknown backend 'tpu' (from system property rnnlab.backend); known: cuda, cpu, reference")
                .contains("cpu            priority 100").contains("reference      priority 10").contains("cuda           priority 200")
                .as("the columns line up past the longest backend name").contains("brittle-plugin priority 5    kinds brittle  ")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnavailableCudaBackendSaysWhyInOneMessage() {
        org.junit.jupiter.api.Assumptions.assumeFalse(new org.rnnlab.gpu.CudaCellProvider().probe().available(),
                "a CUDA device is present here");
        System.setProperty(CellRegistry.PROPERTY, "cuda");
        assertThat(run("demo", "--iterations", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("backend 'cuda' (from system property rnnlab.backend) is unavailable")
                .containsPattern("cuda +priority 200 +kinds gru,lstm,rnn +unavailable: ").doesNotContain("\tat ");
    }

    @Test
    void anUnofferedPrecisionOnTheChosenBackendIsExplained() {
        System.setProperty(CellRegistry.PROPERTY, "brittle-plugin"); // a per-step plugin without a float32 twin
        assertThat(run("demo", "--iterations", "1", "--precision", "float32", "--kind", "brittle")).isEqualTo(1);
        assertThat(err.toString()).contains("backend 'brittle-plugin'").contains("does not offer brittle/float32: brittle in float64");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("demo", "--hidden", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("--hidden");
        assertThat(run("demo", "--kind", "nope", "--iterations", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("no backend can run nope/float32");
    }

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        // picocli reports a description it cannot format (a stray '%') on System.err and prints the raw text.
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String name : new picocli.CommandLine(new RnnlabCli()).getSubcommands().keySet()) {
                assertThat(run(name, "--help")).as(name).isZero();
            }
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(out.toString()).contains("% of the FP32 peak").doesNotContain("%%");
    }

    @Test
    void theDemoRunsAndReportsTheLossFalling() {
        assertThat(run("demo", "--iterations", "100")).isZero();
        assertThat(out.toString()).contains("on backend 'cpu'").contains("iteration").contains("lower");
    }
}
