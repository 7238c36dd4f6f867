package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads sweep files (YAML). Every error names the file, the line and column, and the key, and says what is allowed:
 * {@code sweep.yaml line 4, column 3: unknown key 'lenghts'; known: budget, cells, …}.
 */
public final class SweepFiles {
    /** The class-path resource of the default sweep. */
    public static final String DEFAULT_RESOURCE = "/org/rnnlab/experiments/default-sweep.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SweepFiles() {
    }

    /** Reads a sweep file. */
    public static SweepConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("sweep file " + file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** The sweep embedded in the jar ({@value #DEFAULT_RESOURCE}). */
    public static SweepConfig loadDefault() throws IOException {
        try (InputStream in = SweepFiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IOException("the default sweep " + DEFAULT_RESOURCE + " is missing from the class path");
            }
            return parse(in, "default-sweep.yaml (embedded)");
        }
    }

    /** Parses YAML from a stream; {@code source} names it in messages. */
    public static SweepConfig parse(InputStream in, String source) throws InvalidSweepException {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidSweepException(source + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, Integer> lines = new HashMap<>();
        try {
            keyLines(bytes, lines);
        } catch (JsonProcessingException e) {
            throw new InvalidSweepException(where(source, e.getLocation()) + "not valid YAML: " + condense(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidSweepException(source + ": cannot read: " + e.getMessage(), e);
        }
        try {
            SweepConfig c = YAML.readValue(bytes, SweepConfig.class);
            if (c == null) {
                throw new InvalidSweepException(source + ": the file is empty; write at least one key, e.g. 'cells: [lstm]'");
            }
            return c;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new InvalidSweepException(where(source, e, lines) + "unknown key '" + path(e) + "'; known: " + known, e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax) {
                throw new InvalidSweepException(where(source, e, lines) + "not valid YAML: " + condense(syntax.getOriginalMessage()), e);
            }
            Throwable root = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
            String why = root != null ? root.getMessage() : e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").trim();
            String key = path(e);
            throw new InvalidSweepException(where(source, e, lines) + (key.isEmpty() ? "" : "key '" + key + "': ") + why, e);
        } catch (JsonProcessingException e) {
            throw new InvalidSweepException(where(source, e.getLocation()) + "not valid YAML: " + condense(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidSweepException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The parser's multi-line message without its echo of the source and caret lines. */
    private static String condense(String message) {
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("in 'reader'") || l.equals("^") || line.startsWith("    ")) {
                continue;
            }
            b.append(b.length() == 0 ? "" : "; ").append(l);
        }
        return b.toString();
    }

    private static String where(String source, JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? source + ": " : source + " line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
    }

    /** The line of the offending key (from the pre-scan), or the parser's location. */
    private static String where(String source, JsonMappingException e, Map<String, Integer> lines) {
        String key = path(e);
        while (!key.isEmpty()) {
            Integer line = lines.get(key);
            if (line != null) {
                return source + " line " + line + ": ";
            }
            int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
            key = cut < 0 ? "" : key.substring(0, cut);
        }
        return where(source, e.getLocation());
    }

    /** Records the line of every key and list element ({@code budget.steps}, {@code hidden[1]}) by streaming the YAML. */
    private static void keyLines(byte[] yaml, Map<String, Integer> lines) throws IOException {
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser p = YAML.getFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                int line = p.currentTokenLocation().getLineNr();
                if (t == JsonToken.FIELD_NAME) {
                    String parent = path.isEmpty() ? "" : path.peek();
                    lines.put(parent.isEmpty() ? p.currentName() : parent + "." + p.currentName(), line);
                    continue;
                }
                String parentName = path.isEmpty() ? "" : path.peek();
                boolean opens = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
                com.fasterxml.jackson.core.JsonStreamContext container = opens ? p.getParsingContext().getParent() : p.getParsingContext();
                if (container != null && container.inArray()) {
                    lines.put(parentName + "[" + container.getCurrentIndex() + "]", line);
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path.push(current(path, p));
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (!path.isEmpty()) {
                        path.pop();
                    }
                }
            }
        }
    }

    /** The path of the container that the current START token opens. */
    private static String current(Deque<String> path, JsonParser p) {
        String parent = path.isEmpty() ? "" : path.peek();
        com.fasterxml.jackson.core.JsonStreamContext ctx = p.getParsingContext().getParent();
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        if (ctx.inArray()) {
            return parent + "[" + ctx.getCurrentIndex() + "]";
        }
        String field = ctx.getCurrentName();
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
