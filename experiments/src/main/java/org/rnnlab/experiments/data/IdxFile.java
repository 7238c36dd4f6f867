package org.rnnlab.experiments.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import org.rnnlab.api.Memory;

/**
 * An IDX file of unsigned bytes (LeCun's format of MNIST and Fashion-MNIST: {@code train-images-idx3-ubyte}, …), gzipped
 * or not: a 4-byte magic {@code 00 00 08 n} (type 0x08 = unsigned byte, n dimensions), n big-endian sizes, then the
 * values, row-major. The header is checked before anything is allocated, the values are read in chunks (a forged header
 * cannot make the reader allocate what the file does not hold), and a file with fewer or more values than its header
 * gives is refused, naming the file and the byte.
 *
 * @param file where it was read from
 * @param dims the sizes, outermost first
 * @param data the values, unsigned (read with {@code & 0xff})
 */
public record IdxFile(Path file, int[] dims, byte[] data) {
    /** The most dimensions an IDX file may declare here (MNIST uses 1 and 3). */
    public static final int MAX_DIMS = 4;

    /** The number of values of the first dimension (images or labels). */
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of the other dimensions (784 for a 28 × 28 image, 1 for a label). */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /**
     * Reads an IDX file of unsigned bytes.
     *
     * @throws DataFileException naming the file and what is wrong with it
     */
    public static IdxFile read(Path file) throws IOException {
        DataFiles.regularFile(file);
        try (InputStream in = DataFiles.open(file)) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new DataFileException(file + ": " + magic.length + " bytes, too short for an IDX header (4 bytes of magic, then the "
                        + "sizes)");
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw new DataFileException(file + ": not an IDX file (its first bytes are " + hex(magic) + ", an IDX file starts with 00 00)");
            }
            if ((magic[2] & 0xff) != 0x08) {
                throw new DataFileException(file + ": IDX value type 0x" + String.format("%02x", magic[2] & 0xff) + "; rnnlab reads "
                        + "unsigned bytes (0x08), the type of MNIST-format images and labels");
            }
            int n = magic[3] & 0xff;
            if (n < 1 || n > MAX_DIMS) {
                throw new DataFileException(file + ": the header declares " + n + " dimensions; an IDX file of images or labels has 1 to "
                        + MAX_DIMS);
            }
            byte[] sizes = in.readNBytes(4 * n);
            if (sizes.length < 4 * n) {
                throw new DataFileException(file + ": truncated in the header (at byte " + (4 + sizes.length) + " of " + (4 + 4 * n) + ")");
            }
            int[] dims = new int[n];
            long[] longDims = new long[n];
            for (int i = 0; i < n; i++) {
                long d = ((sizes[4 * i] & 0xffL) << 24) | ((sizes[4 * i + 1] & 0xff) << 16) | ((sizes[4 * i + 2] & 0xff) << 8)
                        | (sizes[4 * i + 3] & 0xff);
                if (d < 1 || d > Integer.MAX_VALUE) {
                    throw new DataFileException(file + ": dimension " + i + " of the header is " + d + "; each must be in [1, "
                            + Integer.MAX_VALUE + "]");
                }
                dims[i] = (int) d;
                longDims[i] = d;
            }
            int total;
            try {
                total = Memory.arrayLength(file + ": the header's " + Arrays.toString(dims), longDims);
            } catch (IllegalStateException e) {
                throw new DataFileException(e.getMessage() + " (a forged or damaged header)");
            }
            byte[] data = readExactly(in, total, file, 4 + 4L * n);
            int extra = in.read();
            if (extra >= 0) {
                throw new DataFileException(file + ": more bytes after the " + total + " values its header " + Arrays.toString(dims)
                        + " gives: not the file its header describes");
            }
            return new IdxFile(file, dims, data);
        } catch (ZipException e) {
            throw new DataFileException(file + ": the gzip data is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** Reads {@code total} values in chunks; a stream that ends early is named with the count it held. */
    private static byte[] readExactly(InputStream in, int total, Path file, long headerBytes) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        int read = 0;
        try {
            while (read < total) {
                byte[] c = in.readNBytes(Math.min(1 << 20, total - read));
                if (c.length == 0) {
                    break;
                }
                chunks.add(c);
                read += c.length;
            }
        } catch (EOFException e) {
            throw new DataFileException(file + ": the gzip stream ends early (truncated after " + read + " of the " + total + " values "
                    + "its header gives)", e);
        }
        if (read < total) {
            throw new DataFileException(file + ": truncated: the header gives " + total + " values, the file holds " + read + " (it ends "
                    + "at data byte " + (headerBytes + read) + ")");
        }
        Memory.require(file + ": " + total + " values", total);
        byte[] data = new byte[total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, data, at, c.length);
            at += c.length;
        }
        return data;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }
}
