package org.rnnlab.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text and CSV files, and hostile ones: each refused with the file and the place (line, column, byte). */
class TextAndCsvFileTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private Path text(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUtf8TextGzippedOrNot() throws IOException {
        String s = "Ærø — naïve 日本 \uD83D\uDE00\nline two\n";
        assertThat(TextFile.read(text("a.txt", s))).isEqualTo(s);
        assertThat(TextFile.read(file("a.txt.gz", IdxFileTest.gzip(s.getBytes(StandardCharsets.UTF_8))))).isEqualTo(s);
    }

    @Test
    void textThatIsNotUtf8IsRefusedWithItsLineAndByte() throws IOException {
        byte[] latin1 = "first line\nsecond line\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = file("latin1.txt", latin1);
        assertThatThrownBy(() -> TextFile.read(f)).isInstanceOf(DataFileException.class)
                .hasMessage(f + " line 3, byte 25: not UTF-8 (ef cannot stand there); give a UTF-8 text (iconv -f latin1 -t utf-8 converts "
                        + "Latin-1)");
        Path truncated = file("cut.txt", Arrays.copyOf("ok \u65e5".getBytes(StandardCharsets.UTF_8), 5));
        assertThatThrownBy(() -> TextFile.read(truncated)).hasMessageContaining(truncated + " line 1, byte 3: not UTF-8");
    }

    @Test
    void emptyMissingDirectoryAndBrokenGzipAreNamed() throws IOException {
        Path empty = file("empty.txt", new byte[0]);
        assertThatThrownBy(() -> TextFile.read(empty)).hasMessage(empty + ": the file is empty (0 bytes)");
        assertThatThrownBy(() -> TextFile.read(dir.resolve("nope.txt"))).hasMessage(dir.resolve("nope.txt") + ": no such file");
        assertThatThrownBy(() -> TextFile.read(dir)).hasMessage(dir + " is a directory, not a data file");
        byte[] gz = IdxFileTest.gzip("hello world, a text long enough to be cut".repeat(20).getBytes(StandardCharsets.UTF_8));
        Path cut = file("cut.txt.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> TextFile.read(cut)).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(cut + ": the compressed data is damaged or cut short (");
        assertThatThrownBy(() -> CsvSeries.read(empty, List.of())).hasMessage(empty + ": the file is empty (0 bytes)");
    }

    @Test
    void readsCsvColumnsByName() throws IOException {
        Path f = text("s.csv", "time, load ,temp\n0,1.5,-2\n1,2.5e1,3\n\n2,3,4\n");
        CsvSeries all = CsvSeries.read(f, List.of());
        assertThat(all.columns()).containsExactly("time", "load", "temp");
        assertThat(all.values()).hasDimensions(3, 3);
        CsvSeries two = CsvSeries.read(f, List.of("temp", "load"));
        assertThat(two.columns()).containsExactly("temp", "load");
        assertThat(two.values()[1]).containsExactly(3, 25);
    }

    @Test
    void csvProblemsAreNamedByLineAndColumn() throws IOException {
        Path missing = text("missing.csv", "a,b\n1,2\n3\n");
        assertThatThrownBy(() -> CsvSeries.read(missing, List.of())).isInstanceOf(DataFileException.class)
                .hasMessage(missing + " line 3: 1 field(s), but the header has 2 columns");
        Path blank = text("blank.csv", "a,b\n1,2\n3,\n");
        assertThatThrownBy(() -> CsvSeries.read(blank, List.of())).hasMessage(blank + " line 3, column 'b': the value is missing");
        Path word = text("word.csv", "a,b\n1,2\n3,4\nfive,6\n");
        assertThatThrownBy(() -> CsvSeries.read(word, List.of())).hasMessage(word + " line 4, column 'a': 'five' is not a number");
        Path nan = text("nan.csv", "a\n1\nNaN\n");
        assertThatThrownBy(() -> CsvSeries.read(nan, List.of())).hasMessage(nan + " line 3, column 'a': NaN is not a finite number");
        Path noHeader = text("nohead.csv", "\n1,2\n");
        assertThatThrownBy(() -> CsvSeries.read(noHeader, List.of()))
                .hasMessage(noHeader + " line 1: no header; a series file starts with a line of column names");
        Path twice = text("twice.csv", "a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> CsvSeries.read(twice, List.of())).hasMessage(twice + " line 1: the column name 'a' is there twice");
        Path ok = text("ok.csv", "a,b\n1,2\n3,4\n");
        assertThatThrownBy(() -> CsvSeries.read(ok, List.of("c"))).hasMessage(ok + " line 1: no column 'c'; the columns are [a, b]");
        Path one = text("one.csv", "a,b\n1,2\n");
        assertThatThrownBy(() -> CsvSeries.read(one, List.of())).hasMessage(one + ": 1 data line(s); a series needs at least 2");
        Path latin = file("latin.csv", "a,b\n1,2\n3,4 \u00b0C\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvSeries.read(latin, List.of())).hasMessageStartingWith(latin + " line 3, byte 12: not UTF-8");
        Path longField = text("long.csv", "a\n1\n" + "x".repeat(5000) + "\n");
        assertThatThrownBy(() -> CsvSeries.read(longField, List.of())).hasMessage(longField + " line 3, column 'a': '" + "x".repeat(40)
                + "…' is not a number");
    }
}
