package org.rnnlab.api.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rnnlab.api.Memory;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

/**
 * Reads and writes safetensors files (https://github.com/huggingface/safetensors): an 8-byte little-endian header
 * length N, N bytes of JSON {@code {"__metadata__": {...}, "name": {"dtype": "F32", "shape": [..],
 * "data_offsets": [begin, end]}, ...}}, then the data, little-endian, row-major.
 *
 * <p>Writing follows the reference implementation byte for byte: tensors ordered by dtype (F64 before F32) then
 * name, compact JSON with {@code __metadata__} first (keys sorted), the header padded with spaces to a multiple of
 * 8 bytes; a file is written to a temporary sibling and moved into place, so a crash never leaves half a file.
 *
 * <p>Reading trusts nothing: the header length is checked against the file and a bound before anything is
 * allocated; the JSON is parsed with nesting, length and duplicate-name limits; every tensor needs exactly dtype,
 * shape and data offsets that agree with each other; the tensors must tile the data region with no overlap, gap or
 * trailing byte; and tensors are allocated only after all of that holds.
 */
public final class SafeTensors {
    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Most tensors one file may hold: far beyond any model's parameter count, far below what a forged header can list. */
    public static final int MAX_TENSORS = 65_536;
    /** Bytes read and decoded at a time. */
    private static final int CHUNK_BYTES = 1 << 24;
    private static final String METADATA = "__metadata__";
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxNumberLength(20)
                    .maxStringLength((int) MAX_HEADER_BYTES).build())
            .build();

    private SafeTensors() {
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * The bytes of a safetensors file holding {@code tensors} (float32 as F32, float64 as F64) and {@code metadata}.
     */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, Tensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -Dtype.of(e.getValue().precision()).bytes)
                .thenComparing(Map.Entry::getKey));
        StringBuilder h = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            h.append(quote(METADATA)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                h.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
                first = false;
            }
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : order) {
            if (METADATA.equals(e.getKey())) {
                throw new IllegalArgumentException("'" + METADATA + "' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            Dtype d = Dtype.of(t.precision());
            long end = offset + (long) t.size() * d.bytes;
            h.append(h.length() > 1 ? "," : "").append(quote(e.getKey())).append(":{\"dtype\":\"").append(d.name())
                    .append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                h.append(i > 0 ? "," : "").append(shape[i]);
            }
            h.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        h.append('}');
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        if (offset > Integer.MAX_VALUE - 8L - padded) {
            throw new IllegalArgumentException("these tensors need " + offset + " bytes: more than one byte array holds; "
                    + "use write(Path, …), which streams");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + padded + offset));
        writeTo(out, header, padded, order);
        return out.toByteArray();
    }

    /**
     * Writes a safetensors file atomically: to a temporary file beside {@code file}, then moved over it.
     *
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(tensors, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeTo(ByteArrayOutputStream out, byte[] header, int padded, List<Map.Entry<String, Tensor>> order) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.writeBytes(len.array());
        out.writeBytes(header);
        for (int i = header.length; i < padded; i++) {
            out.write(' ');
        }
        for (Map.Entry<String, Tensor> e : order) {
            Tensor t = e.getValue();
            ByteBuffer b = ByteBuffer.allocate(t.size() * Dtype.of(t.precision()).bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (t.precision() == Precision.FLOAT64) {
                b.asDoubleBuffer().put(t.readDoubles());
            } else {
                b.asFloatBuffer().put(t.readFloats());
            }
            out.writeBytes(b.array());
        }
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** One tensor's header entry, validated. */
    private record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
    }

    /** Random access to the bytes of a file or an array. */
    private interface Source {
        long size() throws IOException;

        /** Fills {@code into} from {@code position}, or fails at the end of the source. */
        void read(ByteBuffer into, long position) throws IOException;
    }

    /**
     * Reads a safetensors file. Only regular files are read (a FIFO or device is refused before it is opened, so it
     * cannot block the reader).
     *
     * @throws CorruptCheckpointException when the file is not a valid safetensors file (the message says why)
     * @throws IOException                when it cannot be read
     */
    public static Checkpoint read(Path file) throws IOException {
        String where = printable(file.toString());
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(where, null, "no such file");
        }
        if (a.isDirectory()) {
            throw new IOException(where + " is a directory, not a safetensors file");
        }
        if (!a.isRegularFile()) {
            throw new IOException(where + " is not a regular file (a FIFO, device or socket): checkpoints are read from regular files only");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new Source() {
                @Override
                public long size() throws IOException {
                    return ch.size();
                }

                @Override
                public void read(ByteBuffer into, long position) throws IOException {
                    readFully(ch, into, position, where);
                }
            }, where);
        }
    }

    /**
     * Reads safetensors bytes held in memory (a checkpoint that came over the network).
     *
     * @param where names the bytes in messages
     * @throws CorruptCheckpointException when they are not a valid safetensors file
     */
    public static Checkpoint read(byte[] bytes, String where) throws CorruptCheckpointException {
        String w = printable(where);
        try {
            return read(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public void read(ByteBuffer into, long position) throws CorruptCheckpointException {
                    if (position + into.remaining() > bytes.length) {
                        throw new CorruptCheckpointException(w + ": unexpected end of data at byte " + bytes.length);
                    }
                    into.put(bytes, (int) position, into.remaining());
                    into.flip();
                }
            }, w);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException(w + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint read(Source src, String where) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw new CorruptCheckpointException(where + ": truncated: " + size + " bytes, but a safetensors file starts with an "
                    + "8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.read(lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new CorruptCheckpointException(where + ": header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes: not a safetensors file, or a hostile one");
        }
        if (n > size - 8) {
            throw new CorruptCheckpointException(where + ": header length " + n + " runs past the end of the file (" + size
                    + " bytes): the file is truncated or corrupt");
        }
        if (n < 2) {
            throw new CorruptCheckpointException(where + ": header length " + n + " is too short for a JSON object");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        src.read(headerBuf, 8);
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(utf8(headerBuf.array(), where), where, metadata);
        checkTiling(entries, dataLength, where);
        long bytes = 0;
        for (Entry e : entries) {
            bytes += (long) elements(e) * e.dtype().precision.bytes();
        }
        Memory.require("reading " + where + " (" + entries.size() + " tensors)", bytes);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // In chunks through one direct buffer: a buffer of a whole tensor would exceed what a ByteBuffer holds (2 GiB).
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, Math.max(8, dataLength))).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            Tensor t = Tensor.zeros(e.dtype().precision, e.shape());
            int count = t.size();
            int perChunk = Math.max(1, chunk.capacity() / e.dtype().bytes);
            for (int first = 0; first < count; first += perChunk) {
                int c = Math.min(perChunk, count - first);
                chunk.clear().limit(c * e.dtype().bytes);
                src.read(chunk, dataStart + e.begin() + (long) first * e.dtype().bytes);
                e.dtype().decode(chunk.order(ByteOrder.LITTLE_ENDIAN), t, first, c);
            }
            tensors.put(e.name(), t);
        }
        return new Checkpoint(tensors, metadata);
    }

    private static int elements(Entry e) {
        int n = 1;
        for (int d : e.shape()) {
            n *= d;
        }
        return n;
    }

    /** The header as text, decoded strictly: overlong forms, surrogates and stray bytes are refused, not repaired. */
    private static String utf8(byte[] header, String where) throws CorruptCheckpointException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(header);
        try {
            return d.decode(in).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptCheckpointException(where + ": the header is not valid UTF-8 (at or after byte " + (8 + in.position())
                    + " of the file)");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String where) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new CorruptCheckpointException(where + ": unexpected end of file at byte " + pos);
            }
            pos += r;
        }
        buf.flip();
    }

    /** A name or path as a message shows it: control characters escaped, at most 120 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < 120 || b.length() == s.length() ? b.toString() : b.append("…").toString();
    }

    private static List<Entry> parseHeader(String header, String where, Map<String, String> metadata) throws CorruptCheckpointException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = JSON.createParser(header)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, where, p, "the header must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (METADATA.equals(name)) {
                    expect(p.nextToken() == JsonToken.START_OBJECT, where, p, "__metadata__ must be an object of strings");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        expect(p.nextToken() == JsonToken.VALUE_STRING, where, p, "__metadata__ value of '" + printable(key)
                                + "' must be a string");
                        metadata.put(key, p.getText());
                    }
                } else {
                    if (entries.size() == MAX_TENSORS) {
                        throw new CorruptCheckpointException(where + ": the header lists more than " + MAX_TENSORS
                                + " tensors: not a model's checkpoint, or a hostile one");
                    }
                    entries.add(parseEntry(p, name, where));
                }
            }
            expect(p.currentToken() == JsonToken.END_OBJECT, where, p, "unexpected content in the header");
            JsonToken trailing = p.nextToken();
            expect(trailing == null, where, p, "content after the header object");
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.startsWith("Duplicate field")) {
                throw new CorruptCheckpointException(where + ": duplicate name in the header: " + printable(msg), e);
            }
            String at = e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
            throw new CorruptCheckpointException(where + ": the header is not valid JSON (" + printable(String.valueOf(msg)) + ")" + at, e);
        } catch (IOException e) {
            throw new CorruptCheckpointException(where + ": cannot parse the header: " + e.getMessage(), e);
        }
        return entries;
    }

    private static Entry parseEntry(JsonParser p, String rawName, String where) throws IOException {
        String name = printable(rawName);
        expect(p.nextToken() == JsonToken.START_OBJECT, where, p, "tensor '" + name + "' must be an object");
        Dtype dtype = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            switch (key) {
                case "dtype" -> {
                    expect(p.nextToken() == JsonToken.VALUE_STRING, where, p, "dtype of '" + name + "' must be a string");
                    String d = p.getText();
                    try {
                        dtype = Dtype.valueOf(d);
                    } catch (IllegalArgumentException e) {
                        throw new CorruptCheckpointException(where + ": tensor '" + name + "' has dtype '" + printable(d)
                                + "'; rnnlab reads F64, F32, F16 and BF16");
                    }
                }
                case "shape" -> shape = naturals(p, where, "shape of '" + name + "'");
                case "data_offsets" -> offsets = naturals(p, where, "data_offsets of '" + name + "'");
                default -> throw new CorruptCheckpointException(where + ": tensor '" + name + "' has an unknown field '"
                        + printable(key) + "'; expected dtype, shape, data_offsets");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw new CorruptCheckpointException(where + ": tensor '" + name + "' lacks " + (dtype == null ? "dtype" : shape == null
                    ? "shape" : "data_offsets"));
        }
        if (offsets.size() != 2) {
            throw new CorruptCheckpointException(where + ": data_offsets of '" + name + "' must be [begin, end], got " + offsets);
        }
        long count = 1;
        int[] dims = new int[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            long d = shape.get(i);
            if (d > Integer.MAX_VALUE || (count = safeMultiply(count, d)) > Integer.MAX_VALUE - 8) {
                throw new CorruptCheckpointException(where + ": tensor '" + name + "' of shape " + shape
                        + " has more elements than a Java array holds");
            }
            dims[i] = (int) d;
        }
        if (dims.length == 0) {
            dims = new int[] {1}; // a scalar: rnnlab holds it as [1]
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw new CorruptCheckpointException(where + ": tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "]: the end is before the beginning");
        }
        if (end - begin != count * dtype.bytes) {
            throw new CorruptCheckpointException(where + ": tensor '" + name + "' (" + dtype + " " + shape + ") needs "
                    + count * dtype.bytes + " bytes, but its data_offsets span " + (end - begin));
        }
        return new Entry(rawName, dtype, dims, begin, end);
    }

    private static long safeMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static List<Long> naturals(JsonParser p, String where, String what) throws IOException {
        expect(p.nextToken() == JsonToken.START_ARRAY, where, p, what + " must be an array of non-negative integers");
        List<Long> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(t == JsonToken.VALUE_NUMBER_INT, where, p, what + " must hold non-negative integers");
            long v;
            try {
                v = p.getLongValue();
            } catch (IOException e) {
                throw new CorruptCheckpointException(where + ": " + what + " holds a number beyond 64 bits");
            }
            expect(v >= 0, where, p, what + " holds the negative number " + v);
            expect(out.size() < 64, where, p, what + " has more than 64 entries");
            out.add(v);
        }
        return out;
    }

    /** The tensors must cover [0, dataLength) exactly, each byte once. */
    private static void checkTiling(List<Entry> entries, long dataLength, String where) throws CorruptCheckpointException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.end() > dataLength) {
                throw new CorruptCheckpointException(where + ": tensor '" + printable(e.name()) + "' ends at data byte " + e.end()
                        + ", past the end of the data (" + dataLength + " bytes): the file is truncated or corrupt");
            }
            if (e.begin() < at) {
                throw new CorruptCheckpointException(where + ": tensors '" + previous + "' and '" + e.name() + "' overlap (data bytes "
                        + e.begin() + ".." + at + ")");
            }
            if (e.begin() > at) {
                throw new CorruptCheckpointException(where + ": data bytes " + at + ".." + e.begin() + " belong to no tensor");
            }
            at = e.end();
            previous = e.name();
        }
        if (at != dataLength) {
            throw new CorruptCheckpointException(where + ": data bytes " + at + ".." + dataLength + " belong to no tensor "
                    + (entries.isEmpty() ? "(the header lists none)" : "(trailing bytes after the last tensor)"));
        }
    }

    private static void expect(boolean ok, String where, JsonParser p, String what) throws CorruptCheckpointException {
        if (!ok) {
            throw new CorruptCheckpointException(where + ": " + what + " (header character " + p.currentLocation().getCharOffset() + ")");
        }
    }
}
