package org.rnnlab.experiments.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A UTF-8 text file, decoded strictly: a byte sequence that is not UTF-8 is named by its offset and line. */
public final class TextFile {
    /** The largest text read (256 MiB): more than any corpus a character model trains on in one JVM here. */
    public static final long MAX_BYTES = 256L << 20;

    private TextFile() {
    }

    /**
     * The file's text (gzipped or not).
     *
     * @throws DataFileException for a missing, empty, huge or non-UTF-8 file, naming the byte offset and line
     */
    public static String read(Path file) throws IOException {
        long size = DataFiles.regularFile(file);
        if (size > MAX_BYTES) {
            throw new DataFileException(file + ": " + size + " bytes; texts of at most " + MAX_BYTES + " bytes are read");
        }
        byte[] bytes;
        try (var in = DataFiles.open(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (DataFileException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFileException(file + ": the compressed data is damaged or cut short (" + e.getMessage() + "); download or "
                    + "compress the file again", e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new DataFileException(file + ": more than " + MAX_BYTES + " bytes of text once decompressed");
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new DataFileException(file + " line " + line + ", byte " + at + ": not UTF-8 (" + String.format("%02x", bytes[at] & 0xff)
                    + " cannot stand there); give a UTF-8 text (iconv -f latin1 -t utf-8 converts Latin-1)");
        }
        d.flush(out);
        out.flip();
        return out.toString();
    }

    /** Whether a file exists and is a regular file (for messages that say where else to look). */
    static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }
}
