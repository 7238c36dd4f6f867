package org.rnnlab.api.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rnnlab.api.Tensor;

/**
 * Saves and loads a model's parameters as a safetensors file under their PyTorch names, so that a file written by
 * {@code safetensors.torch.save_file(lstm.state_dict(), path)} loads into the matching rnnlab network, and the
 * reverse. Works on any name → live tensor map: {@code network.parameters().asMap()}, {@code model.parameters()}.
 */
public final class ParameterFiles {
    private ParameterFiles() {
    }

    /** Writes the parameters (atomically: a crash leaves the old file or the new one). */
    public static void save(Path file, Map<String, Tensor> parameters, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, parameters, metadata);
    }

    /**
     * Loads every parameter from {@code file} into the live tensors, converting precision. All or nothing: the file must
     * hold exactly these names with these shapes and finite values, or nothing is changed.
     *
     * @return the file's metadata
     * @throws CorruptCheckpointException  when the file is not a valid safetensors file
     * @throws CheckpointMismatchException when it does not fit the parameters
     */
    public static Map<String, String> load(Path file, Map<String, Tensor> parameters) throws IOException {
        return load(SafeTensors.read(file), parameters, SafeTensors.printable(file.toString()));
    }

    /**
     * Loads every parameter from a checkpoint already read into the live tensors, as {@link #load(Path, Map)} does.
     *
     * @param where names the checkpoint in messages
     * @return the checkpoint's metadata
     * @throws CheckpointMismatchException when it does not fit the parameters
     */
    public static Map<String, String> load(Checkpoint c, Map<String, Tensor> parameters, String where) throws CheckpointMismatchException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            Tensor t = c.tensors().get(e.getKey());
            if (t == null) {
                problems.add("missing '" + e.getKey() + "' " + Arrays.toString(e.getValue().shape()));
            } else if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + " in the file but "
                        + Arrays.toString(e.getValue().shape()) + " in the model");
            } else if (t.firstNonFinite() >= 0) {
                int i = t.firstNonFinite();
                problems.add("'" + e.getKey() + "' holds " + t.get(i) + " at " + t.indexString(i));
            }
        }
        for (String name : c.tensors().keySet()) {
            if (!parameters.containsKey(name)) {
                problems.add("unexpected '" + SafeTensors.printable(name) + "'");
            }
        }
        if (!problems.isEmpty()) {
            // At most ten problems and ten names: a hostile file must not make a message of millions of characters.
            String listed = String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                    + (problems.size() > 10 ? "; and " + (problems.size() - 10) + " more" : "");
            List<String> names = new ArrayList<>(parameters.keySet());
            String model = String.join(", ", names.subList(0, Math.min(10, names.size()))) + (names.size() > 10 ? ", …" : "");
            throw new CheckpointMismatchException(where + " does not fit the model: " + listed + ". The model has: " + model
                    + projectionHint(c, parameters));
        }
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            e.getValue().copyFrom(c.tensors().get(e.getKey()));
        }
        return c.metadata();
    }

    /**
     * What to do when one side has the projection of {@code torch.nn.LSTM(proj_size=P)} ({@code weight_hr_l…} [P, H]) and
     * the other has not: the commonest reason a PyTorch LSTM's state_dict does not fit.
     */
    private static String projectionHint(Checkpoint c, Map<String, Tensor> parameters) {
        boolean inFile = c.tensors().keySet().stream().anyMatch(n -> leaf(n).startsWith("weight_hr"));
        boolean inModel = parameters.keySet().stream().anyMatch(n -> leaf(n).startsWith("weight_hr"));
        if (inFile && !inModel) {
            Tensor whr = c.tensors().entrySet().stream().filter(e -> leaf(e.getKey()).startsWith("weight_hr")).findFirst().orElseThrow()
                    .getValue();
            return ". The file's LSTM projects h (weight_hr, proj_size " + whr.dim(0) + "): build the cells with "
                    + "CellSpec.withProjection(P), P = " + whr.dim(0);
        }
        if (inModel && !inFile) {
            return ". The model projects h (weight_hr) and the file's LSTM does not: build the cells without a projection "
                    + "(CellSpec.withProjection(0))";
        }
        return "";
    }

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
