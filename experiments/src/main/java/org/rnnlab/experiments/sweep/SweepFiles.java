package org.rnnlab.experiments.sweep;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads sweep files (YAML) strictly, the way Jackson's strict features allow: a size bound checked before parsing,
 * duplicate keys rejected, no coercion ({@code 5.5} is not a length, {@code "8"} is not a hidden size), no missing
 * values, no unknown keys. The file is merged over the embedded {@value #DEFAULT_RESOURCE} (the one place the defaults
 * live: absent keys, and absent keys of {@code budget}, {@code solved}, {@code gradients}, {@code resources}, take its
 * values). Every error names the file, the key and the key's own line, and says what is allowed:
 * {@code sweep.yaml line 4: key 'lenghts': unknown key; known: budget, cells, …}.
 */
public final class SweepFiles {
    /** The class-path resource of the default sweep. */
    public static final String DEFAULT_RESOURCE = "/org/rnnlab/experiments/default-sweep.yaml";
    /** Largest sweep file read (a sweep file is a few hundred bytes; the bound keeps the YAML parser's cost bounded). */
    public static final int MAX_BYTES = 256 * 1024;
    /** Longest line read: the YAML parser's cost grows with the square of a line's length. */
    public static final int MAX_LINE = 16 * 1024;

    private static final YAMLFactory YAML_FACTORY = YAMLFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper TREE = new ObjectMapper(YAML_FACTORY);
    private static final ObjectMapper STRICT = strictMapper();

    private SweepFiles() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString)) {
            m.coercionConfigFor(LogicalType.Integer).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Boolean, CoercionInputShape.EmptyString)) {
            m.coercionConfigFor(LogicalType.Float).setCoercion(shape, CoercionAction.Fail);
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.EmptyString)) {
            m.coercionConfigFor(LogicalType.Boolean).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType t : List.of(LogicalType.POJO, LogicalType.Collection, LogicalType.Map)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return m;
    }

    /** A parsed sweep file: the config, and where each key stands (for messages about values resolved later). */
    public record Loaded(SweepConfig config, Source source) {
    }

    /**
     * Where the keys of a sweep file stand.
     *
     * @param name  the file, as messages name it
     * @param lines key path ({@code budget.steps}, {@code hidden[1]}) → line
     */
    public record Source(String name, Map<String, Integer> lines) {
        /** Copies. */
        public Source {
            lines = Map.copyOf(lines);
        }

        /** {@code "sweep.yaml line 4: key 'hidden[1]': "}: the file, the line of the key or its nearest parent, and the key. */
        public String at(String key) {
            String k = key;
            while (!k.isEmpty()) {
                Integer line = lines.get(k);
                if (line != null) {
                    return name + " line " + line + ": key '" + key + "': ";
                }
                int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
                k = cut < 0 ? "" : k.substring(0, cut);
            }
            return name + ": key '" + key + "' (a default): ";
        }
    }

    /** Reads a sweep file. */
    public static Loaded load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSweepException("sweep file " + file + (Files.isDirectory(file) ? " is a directory" : Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? " is not a regular file" : " does not exist") + "; give the path of a YAML file");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InvalidSweepException(file + ": " + size + " bytes; a sweep file may hold at most " + MAX_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** The sweep embedded in the jar ({@value #DEFAULT_RESOURCE}), with every default. */
    public static SweepConfig loadDefault() throws IOException {
        return parse(new java.io.ByteArrayInputStream(new byte[0]), "default-sweep.yaml").config();
    }

    /** Parses YAML from a stream, merged over the defaults; {@code source} names it in messages. */
    public static Loaded parse(InputStream in, String source) throws InvalidSweepException {
        byte[] bytes = readBounded(in, source);
        checkLines(bytes, source);
        Map<String, Integer> lines = new HashMap<>();
        JsonNode user;
        try {
            keyLines(bytes, lines);
            user = TREE.readTree(bytes);
        } catch (JsonProcessingException e) {
            String msg = condense(e.getOriginalMessage());
            if (msg.startsWith("Duplicate field")) {
                msg = "duplicate key " + msg.substring("Duplicate field ".length()) + ": write each key once";
            } else {
                msg = "not valid YAML: " + msg;
            }
            throw new InvalidSweepException(where(source, e.getLocation()) + msg, e);
        } catch (IOException e) {
            throw new InvalidSweepException(source + ": cannot read: " + e.getMessage(), e);
        }
        boolean empty = user == null || user.isMissingNode() || user.isNull();
        if (!empty && !user.isObject()) {
            throw new InvalidSweepException(source + ": a sweep file is a map of keys (for example 'cells: [lstm]'), not a "
                    + user.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        Source where = new Source(source, lines);
        ObjectNode merged = defaultTree();
        if (!empty) {
            merge(merged, (ObjectNode) user);
        }
        try {
            return new Loaded(STRICT.treeToValue(merged, SweepConfig.class), where);
        } catch (UnrecognizedPropertyException e) {
            String known = known(e.getKnownPropertyIds());
            throw new InvalidSweepException(where.at(path(e)) + "unknown key; known: " + known, e);
        } catch (InvalidNullException e) {
            throw new InvalidSweepException(where.at(key(e, merged)) + "a value is missing (null); write one", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            while (cause instanceof ValueInstantiationException v && v.getCause() != null && v.getCause() != v) {
                cause = v.getCause();
            }
            if (cause instanceof SweepKeyException k) {
                String parent = path(e);
                throw new InvalidSweepException(where.at(parent.isEmpty() ? k.key() : parent + "." + k.key()) + k.getMessage(), e);
            }
            throw new InvalidSweepException(where.at(path(e)) + (cause == null ? e.getOriginalMessage() : cause.getMessage()), e);
        } catch (MismatchedInputException e) {
            throw new InvalidSweepException(where.at(key(e, merged)) + expected(e, merged), e);
        } catch (JsonProcessingException e) {
            String key = e instanceof JsonMappingException m ? path(m) : "";
            throw new InvalidSweepException(where.at(key) + condense(e.getOriginalMessage()), e);
        }
    }

    private static byte[] readBounded(InputStream in, String source) throws InvalidSweepException {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new InvalidSweepException(source + ": more than " + MAX_BYTES + " bytes; a sweep file may hold at most "
                        + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidSweepException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkLines(byte[] bytes, String source) throws InvalidSweepException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i - start > MAX_LINE) {
                    throw new InvalidSweepException(source + " line " + line + ": " + (i - start) + " bytes long; a line may hold at most "
                            + MAX_LINE + " bytes");
                }
                line++;
                start = i + 1;
            }
        }
    }

    private static ObjectNode defaultTree() throws InvalidSweepException {
        try (InputStream in = SweepFiles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new InvalidSweepException("the default sweep " + DEFAULT_RESOURCE + " is missing from the class path");
            }
            return (ObjectNode) TREE.readTree(in);
        } catch (IOException e) {
            throw new InvalidSweepException("the default sweep " + DEFAULT_RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Keys of {@code over} replace those of {@code base}; a map over a map merges key by key. */
    private static void merge(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            if (b instanceof ObjectNode bo && e.getValue() instanceof ObjectNode oo) {
                merge(bo, oo);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** What the key needed, and what it had. */
    private static String expected(MismatchedInputException e, JsonNode merged) {
        Class<?> t = e.getTargetType();
        String ptr = pointer(e);
        JsonNode got = merged.at(ptr);
        if (got.isMissingNode() && ptr.endsWith("/0")) {
            got = merged.at(ptr.substring(0, ptr.length() - 2)); // a single value standing for a list of one
        }
        if (got.isNull() || (got.isTextual() && got.asText().isEmpty())) {
            return "a value is missing; write one";
        }
        String want;
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            want = "must be a whole number";
        } else if (t == Double.class || t == double.class) {
            want = "must be a number";
        } else if (t == String.class) {
            want = "must be text";
        } else if (t != null && Collection.class.isAssignableFrom(t)) {
            want = "must be a list, like [a, b]";
        } else if (t == Component.class || (t != null && Map.class.isAssignableFrom(t))) {
            want = "must be a name, or a map like " + (ptr.startsWith("/cells") ? "{name: lstm, proj_size: 16}"
                    : ptr.startsWith("/tasks") ? "{name: mnist, variant: row}" : "{name: adam, lr: 0.01}");
        } else if (t != null && t.isRecord()) {
            want = "must be a map of keys";
        } else {
            want = condense(e.getOriginalMessage());
        }
        return got.isMissingNode() ? want : want + ", got " + (got.isTextual() ? "the text '" + got.asText() + "'" : got.toString());
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append('/').append(r.getFieldName() != null ? r.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex()));
        }
        return b.toString();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    /** The parser's multi-line message without its echo of the source and caret lines. */
    private static String condense(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("in 'reader'") || l.equals("^") || line.startsWith("    ")) {
                continue;
            }
            b.append(b.length() == 0 ? "" : "; ").append(l);
        }
        String s = b.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String where(String source, JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? source + ": " : source + " line " + l.getLineNr() + ", column " + l.getColumnNr() + ": ";
    }

    /** Records the line of every key and list element ({@code budget.steps}, {@code hidden[1]}) by streaming the YAML. */
    private static void keyLines(byte[] yaml, Map<String, Integer> lines) throws IOException {
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser p = YAML_FACTORY.createParser(yaml)) {
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
                JsonStreamContext container = opens ? p.getParsingContext().getParent() : p.getParsingContext();
                if (container != null && container.inArray()) {
                    lines.put(parentName + "[" + container.getCurrentIndex() + "]", line);
                }
                if (opens) {
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
        JsonStreamContext ctx = p.getParsingContext().getParent();
        if (ctx == null || ctx.inRoot()) {
            return "";
        }
        if (ctx.inArray()) {
            return parent + "[" + ctx.getCurrentIndex() + "]";
        }
        String field = ctx.getCurrentName();
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /** The key of an error, without the {@code [0]} Jackson adds where a single value stands for a list of one. */
    private static String key(JsonMappingException e, JsonNode merged) {
        String k = path(e);
        if (k.endsWith("[0]")) {
            String p = pointer(e);
            JsonNode parent = merged.at(p.substring(0, p.lastIndexOf('/')));
            if (!parent.isArray()) {
                return k.substring(0, k.length() - 3);
            }
        }
        return k;
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
