package org.rnnlab.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files, gzipped or not, and hostile ones: each refused with the file and what is wrong, before a large allocation. */
class IdxFileTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given header sizes and values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0x08, (byte) dims.length});
        for (int d : dims) {
            out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        out.writeBytes(values);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(b);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void readsRawAndGzippedFiles() throws IOException {
        byte[] values = new byte[2 * 3 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (i * 14);
        }
        IdxFile raw = IdxFile.read(file("raw", idx(new int[] {2, 3, 3}, values)));
        IdxFile gz = IdxFile.read(file("x.gz", gzip(idx(new int[] {2, 3, 3}, values))));
        assertThat(raw.dims()).containsExactly(2, 3, 3);
        assertThat(raw.count()).isEqualTo(2);
        assertThat(raw.itemSize()).isEqualTo(9);
        assertThat(gz.data()).isEqualTo(raw.data()).isEqualTo(values);
        assertThat(gz.data()[17] & 0xff).isEqualTo(238);
    }

    @Test
    void hostileFilesAreNamedWithWhatIsWrong() throws IOException {
        byte[] nine = new byte[9];
        assertThatThrownBy(() -> IdxFile.read(file("empty", new byte[0]))).isInstanceOf(DataFileException.class)
                .hasMessage(dir.resolve("empty") + ": the file is empty (0 bytes)");
        assertThatThrownBy(() -> IdxFile.read(file("short", new byte[] {0, 0}))).hasMessageContaining("2 bytes, too short for an IDX header");
        assertThatThrownBy(() -> IdxFile.read(file("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0})))
                .hasMessageContaining("not an IDX file (its first bytes are 89 50 4e 47");
        byte[] floats = idx(new int[] {1}, new byte[4]);
        floats[2] = 0x0D;
        assertThatThrownBy(() -> IdxFile.read(file("floats", floats))).hasMessageContaining("IDX value type 0x0d; rnnlab reads unsigned bytes");
        assertThatThrownBy(() -> IdxFile.read(file("lying", idx(new int[] {60000, 28, 28}, nine))))
                .hasMessage(dir.resolve("lying") + ": truncated: the header gives 47040000 values, the file holds 9 (it ends at data byte 25)");
        assertThatThrownBy(() -> IdxFile.read(file("huge", idx(new int[] {Integer.MAX_VALUE, 28, 28}, nine))))
                .hasMessageContaining("values, more than the 2147483639 a Java array holds").hasMessageContaining("a forged or damaged header");
        assertThatThrownBy(() -> IdxFile.read(file("zero", idx(new int[] {0, 28}, nine)))).hasMessageContaining("dimension 0 of the header is 0");
        assertThatThrownBy(() -> IdxFile.read(file("extra", idx(new int[] {3, 3}, new byte[10]))))
                .hasMessageContaining("more bytes after the 9 values its header [3, 3] gives");
        byte[] gz = gzip(idx(new int[] {100, 28, 28}, new byte[78400]));
        assertThatThrownBy(() -> IdxFile.read(file("cut.gz", Arrays.copyOf(gz, gz.length / 2))))
                .isInstanceOf(DataFileException.class).hasMessageContaining(dir.resolve("cut.gz") + ": the gzip stream ends early");
        byte[] bad = gz.clone();
        bad[bad.length / 2] ^= 0x5a;
        bad[bad.length / 2 + 1] ^= 0x33;
        assertThatThrownBy(() -> IdxFile.read(file("bad.gz", bad))).isInstanceOf(DataFileException.class)
                .hasMessageContaining(dir.resolve("bad.gz").toString());
        assertThatThrownBy(() -> IdxFile.read(dir)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("absent"))).hasMessageContaining("absent: no such file");
    }
}
