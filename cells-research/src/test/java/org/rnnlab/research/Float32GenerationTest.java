package org.rnnlab.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlab.api.spi.Step;
import org.rnnlab.api.spi.StepCell;

/**
 * The float32 cells will be generated from the {@code *F64.java} sources by textual rules; this applies those rules to
 * every such source of the module and compiles the result, so a stored value without its cast, a bare fractional literal
 * or a double-only call fails here rather than in the generating build. The SPI's float32 types do not exist yet: their
 * stand-ins are {@link StepCell} and {@link Step} themselves, read by reflection and put through the same rules.
 */
class Float32GenerationTest {
    /** The rules, in order, as the generating build step will apply them. */
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("F64\\b", "F32");
        RULES.put("\\bdouble\\b", "float");
        RULES.put("\\bDouble\\b", "Float");
        RULES.put("\\bStepCell\\b", "StepCellF32");
        RULES.put("\\bStep\\b", "StepF32");
        RULES.put("doubleData\\(\\)", "floatData()");
        RULES.put("FLOAT64", "FLOAT32");
    }

    static String toFloat32(String source) {
        String out = source;
        for (Map.Entry<String, String> r : RULES.entrySet()) {
            out = out.replaceAll(r.getKey(), r.getValue());
        }
        return out;
    }

    @Test
    void everyF64SourceCompilesAfterTheTextualRules(@TempDir Path dir) throws IOException {
        // Surefire runs in the module folder and names it in basedir.
        Path sources = Path.of(System.getProperty("basedir", "."), "src/main/java/org/rnnlab/research");
        List<Path> f64;
        try (Stream<Path> s = Files.list(sources)) {
            f64 = s.filter(p -> p.getFileName().toString().endsWith("F64.java")).sorted().toList();
        }
        assertThat(f64).extracting(p -> p.getFileName().toString()).contains("CoRnnF64.java", "ExpRnnF64.java", "IndRnnF64.java",
                "LayerNormGruF64.java", "LayerNormLstmF64.java", "PeepholeLstmF64.java", "DenseF64.java", "LayerNormF64.java");
        List<Path> generated = new ArrayList<>();
        Path pkg = Files.createDirectories(dir.resolve("org/rnnlab/research"));
        for (Path p : f64) {
            String name = p.getFileName().toString().replace("F64.java", "F32.java");
            String text = toFloat32(Files.readString(p, StandardCharsets.UTF_8));
            assertThat(text).as(name).doesNotContainPattern("\\bdouble\\b").doesNotContain("F64");
            generated.add(Files.writeString(pkg.resolve(name), text, StandardCharsets.UTF_8));
        }
        Path spi = Files.createDirectories(dir.resolve("org/rnnlab/api/spi"));
        generated.add(Files.writeString(spi.resolve("StepCellF32.java"), stepCellStandIn()));
        generated.add(Files.writeString(spi.resolve("StepF32.java"), stepStandIn()));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
                    Files.createDirectories(dir.resolve("classes")).toString(), "-Xlint:all", "-proc:none");
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(generated)).call();
            StringJoiner report = new StringJoiner("\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                report.add(d.getKind() + " " + (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName()) + ":"
                        + d.getLineNumber() + ": " + d.getMessage(null));
            }
            assertThat(ok).as("the generated float32 sources compile:\n%s", report).isTrue();
            assertThat(diagnostics.getDiagnostics()).as("and without warnings:\n%s", report)
                    .noneMatch(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING);
        }
    }

    /** StepCell's methods with the rules applied to their types; defaults keep a body, the rest stay abstract. */
    private static String stepCellStandIn() {
        StringBuilder b = new StringBuilder("package org.rnnlab.api.spi;\n\npublic interface StepCellF32 {\n");
        for (Method m : StepCell.class.getMethods()) {
            b.append("    ").append(m.isDefault() ? "default " : "").append(signature(m));
            b.append(m.isDefault() ? " {\n        " + defaultReturn(m) + "\n    }\n" : ";\n");
        }
        return b.append("}\n").toString();
    }

    /** Step's public methods with the rules applied to their types. */
    private static String stepStandIn() {
        StringBuilder b = new StringBuilder("package org.rnnlab.api.spi;\n\npublic final class StepF32 {\n");
        for (Method m : Step.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                b.append("    public ").append(signature(m)).append(" {\n        ").append(defaultReturn(m)).append("\n    }\n");
            }
        }
        return b.append("}\n").toString();
    }

    private static String signature(Method m) {
        StringJoiner params = new StringJoiner(", ");
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            params.add(type(types[i]) + " arg" + i);
        }
        return type(m.getGenericReturnType()) + " " + m.getName() + "(" + params + ")";
    }

    private static String type(Type t) {
        return toFloat32(t.getTypeName().replace("org.rnnlab.api.spi.Step", "Step")).replace("$", ".");
    }

    private static String defaultReturn(Method m) {
        Class<?> r = m.getReturnType();
        if (r == void.class) {
            return "";
        }
        return r.isPrimitive() ? (r == boolean.class ? "return false;" : "return 0;") : "return null;";
    }
}
