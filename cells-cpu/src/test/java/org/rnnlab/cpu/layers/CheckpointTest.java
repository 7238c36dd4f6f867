package org.rnnlab.cpu.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;
import org.rnnlab.api.checkpoint.ParameterFiles;
import org.rnnlab.api.checkpoint.SafeTensors;
import org.rnnlab.api.contract.CellContract;
import org.rnnlab.api.contract.GoldenFixture;
import org.rnnlab.api.layers.Merge;
import org.rnnlab.api.layers.NetworkPass;
import org.rnnlab.api.layers.NetworkSpec;
import org.rnnlab.api.layers.RecurrentNetwork;
import org.rnnlab.cpu.CpuCellProvider;

class CheckpointTest {
    private static final CellRegistry CPU = CellRegistry.of(List.of(new CpuCellProvider()));
    @TempDir
    Path dir;

    private static RecurrentNetwork lstm(Precision p, long seed) {
        GoldenFixture g = GoldenFixture.load("lstm_bidir2");
        return RecurrentNetwork.create(NetworkSpec.of(g.spec(p).withSeed(seed)).withLayers(2).bidirectional(Merge.CONCAT), CPU);
    }

    private Path stateDictFile() throws IOException {
        Path f = dir.resolve("lstm_bidir2_state_dict.safetensors");
        try (InputStream in = GoldenFixture.class.getResourceAsStream("/golden/lstm_bidir2_state_dict.safetensors")) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void aPyTorchStateDictLoadsAndGivesPyTorchsOutputs() throws IOException {
        GoldenFixture g = GoldenFixture.load("lstm_bidir2");
        try (RecurrentNetwork net = lstm(Precision.FLOAT32, 1)) {
            ParameterFiles.load(stateDictFile(), net.parameters().asMap());
            List<State> init = new ArrayList<>();
            Tensor h0 = g.tensor("h0", Precision.FLOAT32);
            Tensor c0 = g.tensor("c0", Precision.FLOAT32);
            int nh = h0.dim(1) * h0.dim(2);
            for (int k = 0; k < h0.dim(0); k++) {
                Tensor h = Tensor.zeros(Precision.FLOAT32, h0.dim(1), h0.dim(2));
                Tensor c = Tensor.zeros(Precision.FLOAT32, h0.dim(1), h0.dim(2));
                for (int i = 0; i < nh; i++) {
                    h.set(i, h0.get(k * nh + i));
                    c.set(i, c0.get(k * nh + i));
                }
                init.add(State.of(h, c));
            }
            NetworkPass pass = net.forward(g.tensor("input", Precision.FLOAT32), init, null);
            assertThat(CellContract.relative(pass.output(), g.tensor("output", Precision.FLOAT64)))
                    .isLessThanOrEqualTo(CellContract.F32_TORCH_BOUND);
        }
    }

    /**
     * {@code safetensors.torch.save_file(nn.LSTM(2, 5, num_layers=2, bidirectional=True, proj_size=3).state_dict(), f)}
     * loads into the projected network by name (weight_hr_l0 … weight_hr_l1_reverse among them) and gives PyTorch's
     * outputs and final states: h [L·D, N, P], c [L·D, N, H].
     */
    @Test
    void aStateDictOfAnLstmWithProjectionsLoadsAndGivesPyTorchsOutputs() throws IOException {
        GoldenFixture g = GoldenFixture.load("lstm_proj_bidir2");
        Path file = dir.resolve("lstm_proj_bidir2_state_dict.safetensors");
        try (InputStream in = GoldenFixture.class.getResourceAsStream("/golden/lstm_proj_bidir2_state_dict.safetensors")) {
            Files.copy(in, file);
        }
        NetworkSpec spec = NetworkSpec.of(g.spec(Precision.FLOAT32).withSeed(1)).withLayers(2).bidirectional(Merge.CONCAT);
        assertThat(spec.cell().projectionSize()).isEqualTo(3);
        try (RecurrentNetwork net = RecurrentNetwork.create(spec, CPU)) {
            assertThat(net.parameters().names()).contains("weight_hr_l0", "weight_hr_l0_reverse", "weight_hr_l1", "weight_hr_l1_reverse");
            ParameterFiles.load(file, net.parameters().asMap());
            NetworkPass pass = net.forward(g.tensor("input", Precision.FLOAT32), g.states("h0", "c0", Precision.FLOAT32), null);
            assertThat(pass.output().shape()).containsExactly(4, 2, 6); // [T, N, 2P]
            // float32 against torch's float64: the kit's bound for float32.
            assertThat(CellContract.relative(pass.output(), g.tensor("output", Precision.FLOAT64)))
                    .isLessThanOrEqualTo(CellContract.F32_TORCH_BOUND);
            for (int k = 0; k < 4; k++) {
                assertThat(pass.finalStates().get(k).h().shape()).containsExactly(2, 3);
                assertThat(pass.finalStates().get(k).c().shape()).containsExactly(2, 5);
            }
        }
        // The same file into a network built without the projection: the message says how to build it.
        try (RecurrentNetwork plain = RecurrentNetwork.create(NetworkSpec.of(g.spec(Precision.FLOAT32).withProjection(0))
                .withLayers(2).bidirectional(Merge.CONCAT), CPU)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParameterFiles.load(file, plain.parameters().asMap()))
                    .hasMessageContaining("weight_hr").hasMessageContaining("withProjection(P), P = 3");
        }
    }

    @Test
    void rnnlabWritesTheSameBytesForTheSameStateDict() throws IOException {
        Path torchFile = stateDictFile();
        try (RecurrentNetwork net = lstm(Precision.FLOAT32, 1)) {
            ParameterFiles.load(torchFile, net.parameters().asMap());
            assertThat(SafeTensors.toBytes(net.parameters().asMap(), Map.of())).isEqualTo(Files.readAllBytes(torchFile));
        }
    }

    @Test
    void aNetworkRoundTripIsBitExact() throws IOException {
        Path f = dir.resolve("net.safetensors");
        Tensor x = CellContract.random(Precision.FLOAT64, 1, 5, 2, 3);
        try (RecurrentNetwork a = lstm(Precision.FLOAT64, 1); RecurrentNetwork b = lstm(Precision.FLOAT64, 2)) {
            ParameterFiles.save(f, a.parameters().asMap(), Map.of("format", "pt"));
            assertThat(b.forward(x).output().maxAbsDiff(a.forward(x).output())).as("different seeds differ").isPositive();
            ParameterFiles.load(f, b.parameters().asMap());
            for (String name : a.parameters().names()) {
                assertThat(b.parameters().get(name).doubleData()).as(name).isEqualTo(a.parameters().get(name).doubleData());
            }
            assertThat(b.forward(x).output().doubleData()).isEqualTo(a.forward(x).output().doubleData());
        }
    }
}
