package org.rnnlab.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.rnnlab.api.CellSpec;
import org.rnnlab.api.Initialization;
import org.rnnlab.api.Nonlinearity;
import org.rnnlab.api.Precision;
import org.rnnlab.api.State;
import org.rnnlab.api.Tensor;

/**
 * A PyTorch reference case (outputs and gradients of {@code torch.nn.RNN/GRU/LSTM}, with {@code proj_size} for some
 * LSTMs, in float64), written by
 * {@code org.rnnlab.reference.TorchGoldenGenerator} (Maven profile {@code golden}) under {@code /golden/} in the
 * test class path. Loss: L = Σ output⊙grad_output + Σ h_n⊙grad_h_n (+ Σ c_n⊙grad_c_n), so the {@code grad_*}
 * tensors are exactly the vector–Jacobian products a backward pass must return.
 */
public final class GoldenFixture {
    /** The single-layer fixtures: one cell each ({@code lstm_proj*}: {@code torch.nn.LSTM(proj_size=P)}). */
    public static final List<String> FILES = List.of("rnn_tanh", "rnn_relu", "gru", "gru_large", "lstm", "lstm_nobias", "lstm_proj",
            "lstm_proj_nobias");
    /**
     * The stacked and bidirectional fixtures ({@code torch.nn.LSTM(num_layers=…, bidirectional=…[, proj_size=…])}), for
     * networks.
     */
    public static final List<String> NETWORK_FILES = List.of("lstm_bidir2", "gru_bidir2", "rnn_stack3", "lstm_proj_bidir2");

    private final String name;
    private final JsonNode root;

    private GoldenFixture(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /** Loads {@code /golden/<name>.json}. */
    public static GoldenFixture load(String name) {
        String path = "/golden/" + name + ".json";
        try (InputStream in = GoldenFixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + path + " is not on the test class path");
            }
            return new GoldenFixture(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + path, e);
        }
    }

    /** The file name without extension. */
    public String name() {
        return name;
    }

    /** Cell kind. */
    public String kind() {
        return root.get("kind").asText();
    }

    /** The spec of this case in the given precision (with the fixture's {@code proj_size}). */
    public CellSpec spec(Precision precision) {
        return new CellSpec(kind(), root.get("input_size").asInt(), root.get("hidden_size").asInt(),
                Nonlinearity.parse(root.get("nonlinearity").asText()), root.get("bias").asBoolean(), precision,
                Initialization.pytorchDefault(), 0L).withProjection(projectionSize());
    }

    /** {@code torch.nn.LSTM}'s {@code proj_size} (0 when the fixture does not say: no projection). */
    public int projectionSize() {
        return root.has("proj_size") ? root.get("proj_size").asInt() : 0;
    }

    /** Number of stacked layers (1 when the fixture does not say). */
    public int layers() {
        return root.has("num_layers") ? root.get("num_layers").asInt() : 1;
    }

    /** Whether the layers are bidirectional (false when the fixture does not say). */
    public boolean bidirectional() {
        return root.has("bidirectional") && root.get("bidirectional").asBoolean();
    }

    /**
     * A network fixture's PyTorch state tensors [L·D, N, ·] as one {@link State} per layer and direction: h [L·D, N, H]
     * (or [L·D, N, P] with a projection) and c [L·D, N, H].
     *
     * @param h the h tensor's name (e.g. {@code h0}, {@code grad_h_n})
     * @param c the c tensor's name, or null for cells without a cell state
     */
    public List<State> states(String h, String c, Precision p) {
        Tensor hs = tensor(h, p);
        Tensor cs = c == null ? null : tensor(c, p);
        List<State> out = new ArrayList<>();
        for (int k = 0; k < hs.dim(0); k++) {
            out.add(cs == null ? State.of(block(hs, k)) : State.of(block(hs, k), block(cs, k)));
        }
        return out;
    }

    /** Block k [N, W] of a [K, N, W] tensor. */
    private static Tensor block(Tensor t, int k) {
        int n = t.dim(1);
        int width = t.dim(2);
        Tensor out = Tensor.zeros(t.precision(), n, width);
        for (int i = 0; i < n * width; i++) {
            out.set(i, t.get(k * n * width + i));
        }
        return out;
    }

    /** Whether the fixture holds a tensor of this name. */
    public boolean has(String tensor) {
        return root.get("tensors").has(tensor);
    }

    /** A tensor by name ({@code weight_ih_l0}, {@code input}, {@code grad_h0}, …) in the given precision. */
    public Tensor tensor(String tensor, Precision precision) {
        JsonNode t = root.get("tensors").get(tensor);
        if (t == null) {
            throw new IllegalArgumentException("fixture " + name + " has no tensor '" + tensor + "'");
        }
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
        }
        double[] data = new double[t.get("data").size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = t.get("data").get(i).asDouble();
        }
        return Tensor.of(precision, data, shape);
    }
}
