package org.rnnlab.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnlab.api.CellRegistry;
import org.rnnlab.experiments.data.TextFile;
import org.rnnlab.experiments.text.CharLanguageModel;
import org.rnnlab.experiments.text.Vocabulary;
import org.rnnlab.optimizers.GradientProcessor;
import org.rnnlab.optimizers.NonFinitePolicy;
import org.rnnlab.optimizers.OptimizerState;
import org.rnnlab.optimizers.TrainingComponents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ./rnnlab charlm}: trains a character-level language model on a UTF-8 text and saves it for {@code generate}. */
@Command(name = "charlm", mixinStandardHelpOptions = true,
        description = "Train a character-level language model on a UTF-8 text file: the first 90%% trains, the next 5%% validates, "
                + "the last 5%% tests. Stateful truncated BPTT: the text is cut into --batch streams, each step reads the next --bptt "
                + "characters of each, the state carried over. Prints bits per character against the text's unigram entropy, saves the "
                + "model (with its vocabulary) for ./rnnlab generate, and prints a sample.")
final class CharLmCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "A UTF-8 text file (gzipped or not).")
    Path text;

    @Option(names = "--out", paramLabel = "FILE", description = "Where the model goes (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("charlm.safetensors");

    @Option(names = "--cell", paramLabel = "KIND", description = "rnn, gru, lstm, or a plugin's (default: ${DEFAULT-VALUE}).")
    String cell = "lstm";

    @Option(names = "--hidden", description = "Hidden size (default: ${DEFAULT-VALUE}).")
    int hidden = 256;

    @Option(names = "--projection", paramLabel = "P", description = "An LSTM's proj_size: h of P < H values (default: ${DEFAULT-VALUE}, none).")
    int projection = 0;

    @Option(names = "--layers", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers = 1;

    @Option(names = "--bptt", description = "Characters per truncated-BPTT window (default: ${DEFAULT-VALUE}).")
    int bptt = 100;

    @Option(names = "--batch", description = "Parallel streams (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--lr", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr = 0.002;

    @Option(names = "--minutes", description = "Training time (default: ${DEFAULT-VALUE}); the held-out checks are included.")
    double minutes = 8;

    @Option(names = "--seed", description = "Seed of the weights and the sample (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--eval-every", paramLabel = "STEPS", description = "Steps between held-out checks (default: ${DEFAULT-VALUE}).")
    int evalEvery = 500;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        check("--hidden", hidden, 1, 4096);
        check("--layers", layers, 1, 8);
        check("--projection", projection, 0, hidden - 1);
        check("--bptt", bptt, 2, 10_000);
        check("--batch", batch, 1, 4096);
        check("--eval-every", evalEvery, 1, Integer.MAX_VALUE);
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new ParameterException(spec.commandLine(), "--minutes must be in (0, 1440], got " + minutes);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ParameterException(spec.commandLine(), "--lr must be finite and > 0, got " + lr);
        }
        String all = TextFile.read(text);
        int[] cps = all.codePoints().toArray();
        int trainEnd = (int) (cps.length * 0.90);
        int validEnd = (int) (cps.length * 0.95);
        String train = new String(cps, 0, trainEnd);
        Vocabulary vocab = Vocabulary.of(train);
        int[] trainSymbols = vocab.encode(train);
        int[] validSymbols = vocab.encode(new String(cps, trainEnd, validEnd - trainEnd));
        int[] testSymbols = vocab.encode(new String(cps, validEnd, cps.length - validEnd));
        int evalBatch = Math.max(1, Math.min(batch, validSymbols.length / (bptt + 1)));
        if (validSymbols.length < bptt + 1 || testSymbols.length < bptt + 1) {
            throw new ParameterException(spec.commandLine(), text + " has " + cps.length + " characters: its held-out 5% parts are shorter than "
                    + "one window of --bptt " + bptt + "; give a longer text or a shorter --bptt");
        }
        double unigram = Vocabulary.unigramBits(testSymbols, vocab.size());
        o.printf(Locale.ROOT, "%s: %d characters, %d in the vocabulary (from the training 90%%); unigram entropy of the test 5%%: %.3f "
                + "bits per character%n", text, cps.length, vocab.size() - 1, unigram);
        TrainingComponents c = TrainingComponents.discover();
        try (CharLanguageModel model = new CharLanguageModel(vocab, new CharLanguageModel.Shape(cell, hidden, layers, seed, projection),
                CellRegistry.discover())) {
            o.printf(Locale.ROOT, "%s H=%d%s × %d layer(s) on backend '%s'; windows of %d characters, %d streams, Adam lr %s, up to %.1f "
                    + "minutes%n", cell, hidden, projection > 0 ? " P=" + projection : "", layers, model.backend(), bptt, batch, lr, minutes);
            o.flush();
            OptimizerState opt = model.optimizer(c.optimizer("adam", Map.of("lr", lr)));
            GradientProcessor gp = new GradientProcessor(c.clipping("global_norm", Map.of("max_norm", 5.0)), NonFinitePolicy.SKIP_STEP);
            CharLanguageModel.Streams streams = model.streams(trainSymbols, batch, bptt);
            long start = System.nanoTime();
            long deadline = start + (long) (minutes * 60e9);
            double recent = 0;
            int recentN = 0;
            long step = 0;
            while (System.nanoTime() < deadline) {
                step++;
                recent += model.trainStep(streams, opt, gp, step, lr).bitsPerChar();
                recentN++;
                if (step % evalEvery == 0) {
                    double v = model.bitsPerChar(validSymbols, evalBatch, bptt);
                    o.printf(Locale.ROOT, "  step %6d  %5.0f s  train %.3f  validation %.3f bits/char%n", step, (System.nanoTime() - start) / 1e9,
                            recent / recentN, v);
                    o.flush();
                    recent = 0;
                    recentN = 0;
                }
            }
            double validation = model.bitsPerChar(validSymbols, evalBatch, bptt);
            double test = model.bitsPerChar(testSymbols, Math.max(1, Math.min(batch, testSymbols.length / (bptt + 1))), bptt);
            double seconds = (System.nanoTime() - start) / 1e9;
            o.printf(Locale.ROOT, "after %d steps (%.0f s, %.1f epochs): validation %.3f, test %.3f bits per character; the test text's "
                    + "unigram entropy is %.3f%n", step, seconds, (double) step * batch * bptt / trainSymbols.length, validation, test, unigram);
            model.save(out, Map.of("text", text.getFileName().toString(), "steps", String.valueOf(step), "test_bits_per_char",
                    String.format(Locale.ROOT, "%.4f", test)));
            o.println("saved " + out.toAbsolutePath() + "; sample at temperature 0.8:");
            o.println(model.sample(new String(cps, validEnd, Math.min(40, cps.length - validEnd)), 300, 0.8, seed));
        }
        return 0;
    }

    private void check(String option, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new ParameterException(spec.commandLine(), option + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }
}
