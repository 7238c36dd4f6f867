package org.rnnlab.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The float32 twins the build generates (the parent pom's {@code generate-float32-steps}) are stamped, and the unroller's
 * code is float32 throughout: no {@code double} left by a missed rule, and no bare fractional literal, which would compile
 * and quietly compute in double (a comparison {@code x > 0.5}, an argument {@code Math.max(x, 0.5)} cast back).
 */
class GeneratedFloat32StepsTest {
    /**
     * A token of float64 code: the type, its box, its accessor, its precision, or a fractional literal neither suffixed
     * f nor cast to float.
     */
    private static final Pattern FLOAT64 = Pattern.compile("\\bdouble\\b|\\bDouble\\b|doubleData|FLOAT64|(?<!\\(float\\) )\\b\\d+\\.\\d*(?![\\dfF])|\\b\\d+e-?\\d+\\b");

    @Test
    void theSpiTwinsAreStampedAndFloat32Throughout() throws IOException {
        for (String name : List.of("StepF32", "StepCellF32", "UnrolledCellF32")) {
            Path twin = Path.of("target/generated-sources/float32-steps/org/rnnlab/api/spi/" + name + ".java");
            List<String> lines = stamped(twin);
            assertThat(float64Code(lines)).as(twin + ": float64 left in the code").isEmpty();
        }
    }

    @Test
    void aTestSourceNamedF64GetsItsTwinToo() throws IOException {
        // Its initialize draws in double and casts, (float) (rnd.nextDouble() - 0.5), on purpose: the draw equals the
        // float64 cell's rounded. A cell may compute in double where it casts; only the unroller must not.
        stamped(Path.of("target/generated-test-sources/float32-steps/org/rnnlab/api/plugin/SkewRnnF32.java"));
    }

    private static List<String> stamped(Path twin) throws IOException {
        assertThat(twin).as("run from the module folder after generate-sources").exists();
        List<String> lines = Files.readAllLines(twin);
        assertThat(lines.get(0)).as(twin.toString()).startsWith("// GENERATED from its float64 source").endsWith("do not edit.");
        return lines;
    }

    /** Lines of code (comments dropped) with a float64 token, numbered. */
    private static List<String> float64Code(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inComment = false;
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i);
            if (inComment) {
                int end = code.indexOf("*/");
                inComment = end < 0;
                code = end < 0 ? "" : code.substring(end + 2);
            }
            int start = code.indexOf("/*");
            if (start >= 0) {
                int end = code.indexOf("*/", start);
                inComment = end < 0;
                code = code.substring(0, start) + (end < 0 ? "" : code.substring(end + 2));
            }
            int line = code.indexOf("//");
            code = line < 0 ? code : code.substring(0, line);
            code = code.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\""); // messages may say "float64"
            if (FLOAT64.matcher(code).find()) {
                out.add((i + 1) + ": " + lines.get(i).trim());
            }
        }
        return out;
    }
}
