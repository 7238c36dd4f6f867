package org.rnnlab.api.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnlab.api.Precision;
import org.rnnlab.api.Tensor;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** The bytes safetensors' own test suite expects for {"test": torch.zeros((2, 2), dtype=torch.float32)}. */
    @Test
    void writesTheReferenceImplementationsBytes() {
        byte[] expected = concat(le(64), "{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    "
                .getBytes(StandardCharsets.UTF_8), new byte[16]);
        assertThat(SafeTensors.toBytes(Map.of("test", Tensor.zeros(Precision.FLOAT32, 2, 2)), Map.of())).isEqualTo(expected);
    }

    @Test
    void orderAndMetadataFollowTheReferenceImplementation() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("b", Tensor.zeros(Precision.FLOAT32, 1));
        t.put("a", Tensor.zeros(Precision.FLOAT32, 1));
        t.put("z", Tensor.zeros(Precision.FLOAT64, 1));
        String header = new String(SafeTensors.toBytes(t, Map.of("format", "pt", "author", "x")), StandardCharsets.UTF_8);
        assertThat(header).contains("{\"__metadata__\":{\"author\":\"x\",\"format\":\"pt\"},\"z\":{\"dtype\":\"F64\",\"shape\":[1],"
                + "\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},\"b\":");
    }

    @Test
    void aRoundTripIsBitExact() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("weight_ih_l0", Tensor.wrap(new float[] {1.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, -3e-39f}, 2, 3));
        t.put("bias_ih_l0", Tensor.wrap(new double[] {Math.PI, -0.0, Double.MIN_VALUE, 1e308}, 4));
        t.put("empty", Tensor.zeros(Precision.FLOAT32, 0, 3));
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, t, Map.of("format", "pt", "quote\"d", "line\nbreak"));
        Checkpoint c = SafeTensors.read(f);
        assertThat(c.metadata()).containsEntry("format", "pt").containsEntry("quote\"d", "line\nbreak");
        float[] f32 = c.tensors().get("weight_ih_l0").floatData();
        float[] src32 = t.get("weight_ih_l0").floatData();
        for (int i = 0; i < f32.length; i++) {
            assertThat(Float.floatToRawIntBits(f32[i])).isEqualTo(Float.floatToRawIntBits(src32[i]));
        }
        double[] f64 = c.tensors().get("bias_ih_l0").doubleData();
        for (int i = 0; i < f64.length; i++) {
            assertThat(Double.doubleToRawLongBits(f64[i])).isEqualTo(Double.doubleToRawLongBits(t.get("bias_ih_l0").doubleData()[i]));
        }
        assertThat(c.tensors().get("empty").shape()).containsExactly(0, 3);
        assertThat(Files.list(dir).toList()).as("no temporary file left").containsExactly(f);
    }

    @Test
    void readsHalfAndBfloat16AsFloat32() throws IOException {
        String h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]}}";
        // F16: 1.0 = 0x3c00, −2.0 = 0xc000, smallest subnormal 0x0001 = 2^-24; BF16: 1.0 = 0x3f80, −0.5 = 0xbf00.
        byte[] data = {0x00, 0x3c, 0x00, (byte) 0xc0, 0x01, 0x00, (byte) 0x80, 0x3f, 0x00, (byte) 0xbf};
        Checkpoint c = SafeTensors.read(file(concat(le(h.length()), h.getBytes(StandardCharsets.UTF_8), data)));
        assertThat(c.tensors().get("h").floatData()).containsExactly(1f, -2f, 0x1p-24f);
        assertThat(c.tensors().get("b").floatData()).containsExactly(1f, -0.5f);
    }

    /** Hostile and corrupt files: each is rejected with a message naming the problem, before any large allocation. */
    static Stream<Arguments> hostileFiles() {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        return Stream.of(
                hostile("empty file", new byte[0], "truncated"),
                hostile("7 bytes", new byte[7], "truncated"),
                hostile("header length 2^64-1", concat(le(-1), bytes(ok), new byte[16]), "exceeds the limit"),
                hostile("header length 999,999,999", concat(le(999_999_999), bytes(ok), new byte[16]), "exceeds the limit"),
                hostile("header length past the end", concat(le(4096), bytes(ok), new byte[16]), "runs past the end of the file"),
                hostile("header length 0", le(0), "too short"),
                hostile("not JSON", withHeader("{ NOT_VALID_JSON_SYNTAX :::: 123", 0), "not valid JSON"),
                hostile("array header", withHeader("[1,2]", 0), "must be a JSON object"),
                hostile("content after the object", withHeader(ok + "{}", 16), "content after the header"),
                hostile("truncated JSON", withHeader("{\"a\":{\"dtype\":\"F32\"", 0), "not valid JSON"),
                hostile("unknown dtype", withHeader(ok.replace("F32", "I64"), 16), "dtype 'I64'"),
                hostile("missing offsets", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2]}}", 16), "lacks data_offsets"),
                hostile("missing dtype", withHeader("{\"a\":{\"shape\":[2,2],\"data_offsets\":[0,16]}}", 16), "lacks dtype"),
                hostile("unknown field", withHeader(ok.replace("}}", ",\"extra\":1}}"), 16), "unknown field 'extra'"),
                hostile("negative dimension", withHeader(ok.replace("[2,2]", "[-2,2]"), 16), "negative number -2"),
                hostile("fractional dimension", withHeader(ok.replace("[2,2]", "[2.5,2]"), 16), "non-negative integers"),
                hostile("boolean dimension", withHeader(ok.replace("[2,2]", "[true,4]"), 16), "non-negative integers"),
                hostile("shape beyond an array", withHeader(ok.replace("[2,2]", "[4503599627370496,4096]"), 16), "more elements than a Java array"),
                hostile("65-digit dimension", withHeader(ok.replace("[2,2]", "[" + "9".repeat(65) + "]"), 16), "not valid JSON"),
                hostile("inverted offsets", withHeader(ok.replace("[0,16]", "[16,0]"), 16), "end is before the beginning"),
                hostile("offsets not matching the shape", withHeader(ok.replace("[0,16]", "[0,15]"), 15), "needs 16 bytes"),
                hostile("one offset", withHeader(ok.replace("[0,16]", "[16]"), 16), "must be [begin, end]"),
                hostile("data truncated", withHeader(ok, 8), "past the end of the data"),
                hostile("overlapping tensors", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24), "overlap"),
                hostile("gap between tensors", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20), "belong to no tensor"),
                hostile("trailing bytes", withHeader(ok, 20), "trailing bytes"),
                hostile("duplicate names", withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16), "duplicate name"),
                hostile("metadata not an object", withHeader("{\"__metadata__\":[1]}", 0), "__metadata__ must be an object"),
                hostile("metadata value not a string", withHeader("{\"__metadata__\":{\"k\":1}}", 0), "must be a string"),
                hostile("deep nesting", withHeader("{\"__metadata__\":{\"k\":" + "[".repeat(5000) + "]".repeat(5000) + "}}", 0),
                        "must be a string"),
                hostile("nested shape", withHeader(ok.replace("[2,2]", "[[[[[[2]]]]]]"), 16), "non-negative integers"),
                hostile("tensor not an object", withHeader("{\"a\":3}", 0), "must be an object"));
    }

    private static Arguments hostile(String name, byte[] file, String message) {
        return Arguments.of(name, file, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void rejectsHostileFiles(String name, byte[] content, String message) throws IOException {
        Path f = dir.resolve(name.replaceAll("[^a-z0-9]", "_") + ".safetensors");
        Files.write(f, content);
        assertThatThrownBy(() -> SafeTensors.read(f)).as(name).isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(message);
    }

    @Test
    void parameterFilesLoadAllOrNothing() throws IOException {
        Map<String, Tensor> model = new LinkedHashMap<>();
        model.put("weight_ih_l0", Tensor.of(Precision.FLOAT32, new double[] {1, 2, 3, 4}, 2, 2));
        model.put("bias_ih_l0", Tensor.of(Precision.FLOAT32, new double[] {5, 6}, 2));
        Path f = dir.resolve("p.safetensors");
        ParameterFiles.save(f, model, Map.of("format", "pt"));
        Map<String, Tensor> other = new LinkedHashMap<>();
        other.put("weight_ih_l0", Tensor.zeros(Precision.FLOAT64, 2, 2));
        other.put("bias_ih_l0", Tensor.zeros(Precision.FLOAT64, 2));
        assertThat(ParameterFiles.load(f, other)).containsEntry("format", "pt");
        assertThat(other.get("weight_ih_l0").toDoubleArray()).containsExactly(1, 2, 3, 4);

        Map<String, Tensor> wrong = new LinkedHashMap<>();
        wrong.put("weight_ih_l0", Tensor.zeros(Precision.FLOAT32, 2, 3));
        wrong.put("weight_hh_l0", Tensor.zeros(Precision.FLOAT32, 2, 2));
        assertThatThrownBy(() -> ParameterFiles.load(f, wrong)).isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("'weight_ih_l0' has shape [2, 2] in the file but [2, 3] in the model")
                .hasMessageContaining("missing 'weight_hh_l0'").hasMessageContaining("unexpected 'bias_ih_l0'");
        assertThat(wrong.get("weight_ih_l0").toDoubleArray()).as("nothing loaded").containsOnly(0);

        model.get("bias_ih_l0").set(1, Float.NaN);
        ParameterFiles.save(f, model, Map.of());
        assertThatThrownBy(() -> ParameterFiles.load(f, other)).isInstanceOf(CheckpointMismatchException.class)
                .hasMessageContaining("'bias_ih_l0' holds NaN at [1]");
    }

    @Test
    void readsOnlyRegularFilesAndNamesTheOthers() throws Exception {
        assertThatThrownBy(() -> SafeTensors.read(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir + " is a directory, not a safetensors file");
        assertThatThrownBy(() -> SafeTensors.read(dir.resolve("absent.safetensors"))).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("absent.safetensors").toString()).hasMessageContaining("no such file");
        Path fifo = dir.resolve("fifo.safetensors");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("mkfifo is not available here: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
        // Opening a FIFO with no writer blocks forever: the reader must refuse it without opening it.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> SafeTensors.read(fifo)).isInstanceOf(IOException.class)
                        .hasMessage(fifo + " is not a regular file (a FIFO, device or socket): checkpoints are read from regular files only"));
    }

    @Test
    void aHeaderOfCountlessEmptyTensorsIsRefusedQuicklyWithAShortMessage() throws IOException {
        StringBuilder h = new StringBuilder("{");
        int n = 1_500_000;
        for (int i = 0; i < n; i++) {
            h.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        h.append('}');
        Path f = file(withHeader(h.toString(), 0));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("the header lists more than " + SafeTensors.MAX_TENSORS + " tensors")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void theHeaderMustBeStrictUtf8AndNamesAreShownEscapedAndShort() throws IOException {
        byte[] overlong = {'{', '"', 'a', (byte) 0xC0, (byte) 0xAF, 'b', '"', ':', '{', '"', 'd', 't', 'y', 'p', 'e', '"', ':', '"', 'F',
            '3', '2', '"', ',', '"', 's', 'h', 'a', 'p', 'e', '"', ':', '[', '1', ']', ',', '"', 'd', 'a', 't', 'a', '_', 'o', 'f', 'f',
            's', 'e', 't', 's', '"', ':', '[', '0', ',', '4', ']', '}', '}'};
        Path f = file(concat(le(overlong.length), overlong, new byte[4]));
        assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("the header is not valid UTF-8 (at or after byte 11 of the file)");
        String name = "bad\u0007name-" + "x".repeat(5000);
        String header = "{\"" + name.replace("\u0007", "\\u0007") + "\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        Path g = file(withHeader(header, 1));
        assertThatThrownBy(() -> SafeTensors.read(g)).isInstanceOf(CorruptCheckpointException.class)
                .hasMessageContaining("tensor 'bad\\u0007name-xxx").hasMessageContaining("…' has dtype 'I8'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
    }

    /**
     * A legitimate F64 tensor of more than 2 GiB (a sparse file, so the test writes only its ends): read in chunks when
     * the heap holds it, else refused before allocation with what it needs.
     */
    @Test
    void aTensorOverTwoGibibytesIsReadOrRefusedWithTheSizeItNeeds() throws IOException {
        long count = (1L << 28) + 1; // 2 GiB + 8 bytes of F64
        String header = "{\"big\":{\"dtype\":\"F64\",\"shape\":[" + count + "],\"data_offsets\":[0," + count * 8 + "]}}";
        byte[] h = concat(le(header.length()), bytes(header));
        Path f = dir.resolve("big.safetensors");
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            raf.write(h);
            raf.setLength(h.length + count * 8);
            raf.seek(h.length);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).array());
            raf.seek(h.length + (count - 1) * 8);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(-2.25).array());
        }
        long needed = count * 8;
        Runtime rt = Runtime.getRuntime();
        if (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) > needed + (512L << 20)) {
            Checkpoint c = SafeTensors.read(f);
            double[] v = c.tensors().get("big").doubleData();
            assertThat(v).hasSize((int) count);
            assertThat(v[0]).isEqualTo(1.5);
            assertThat(v[(int) count - 1]).isEqualTo(-2.25);
            assertThat(v[(int) (count / 2)]).isZero();
        } else {
            assertThatThrownBy(() -> SafeTensors.read(f)).isInstanceOf(org.rnnlab.api.MemoryLimitException.class)
                    .hasMessageContaining("reading " + f + " (1 tensors) needs 2.0 GiB");
        }
    }

    @Test
    void checkpointBytesInMemoryReadAsAFileDoes() throws IOException {
        Map<String, Tensor> t = Map.of("w", Tensor.of(Precision.FLOAT32, new double[] {1, 2, 3}, 3));
        Checkpoint c = SafeTensors.read(SafeTensors.toBytes(t, Map.of("k", "v")), "bytes");
        assertThat(c.tensors().get("w").floatData()).containsExactly(1f, 2f, 3f);
        assertThat(c.metadata()).containsEntry("k", "v");
        byte[] cut = java.util.Arrays.copyOf(SafeTensors.toBytes(t, Map.of()), 20);
        assertThatThrownBy(() -> SafeTensors.read(cut, "the bytes of x")).isInstanceOf(CorruptCheckpointException.class)
                .hasMessageStartingWith("the bytes of x: header length ");
    }

    private Path file(byte[] content) throws IOException {
        Path f = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(f, content);
        return f;
    }

    private static byte[] withHeader(String header, int dataBytes) {
        return concat(le(header.getBytes(StandardCharsets.UTF_8).length), bytes(header), new byte[dataBytes]);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
