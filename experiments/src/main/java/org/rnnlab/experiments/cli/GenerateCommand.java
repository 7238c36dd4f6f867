package org.rnnlab.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.text.CharLanguageModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ./rnnlab generate}: samples text from a character model saved by {@code ./rnnlab charlm}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Sample text from a character-level model saved by ./rnnlab charlm: the prompt is read first, then each character "
                + "is drawn from the model's distribution sharpened (temperature < 1) or flattened (> 1) and fed back.")
final class GenerateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A model saved by ./rnnlab charlm.")
    Path checkpoint;

    @Option(names = "--prompt", description = "Text to start from (default: a new line).")
    String prompt = "";

    @Option(names = "--length", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length = 500;

    @Option(names = "--temperature", description = "Sampling temperature, > 0 (default: ${DEFAULT-VALUE}).")
    double temperature = 0.8;

    @Option(names = "--seed", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Override
    public Integer call() throws Exception {
        if (length < 1 || length > 1_000_000) {
            throw new ParameterException(spec.commandLine(), "--length must be in [1, 1000000], got " + length);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be finite and > 0, got " + temperature);
        }
        try (CharLanguageModel model = CharLanguageModel.load(checkpoint, CellRegistry.discover())) {
            spec.commandLine().getOut().print(prompt);
            spec.commandLine().getOut().println(model.sample(prompt, length, temperature, seed));
        }
        return 0;
    }
}
