package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<List<String>> readAll(String text) throws IOException {
        return readAll(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<List<String>> readAll(byte[] bytes) throws IOException {
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(bytes), "data.csv")) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(reader.header());
            for (String[] row; (row = reader.next()) != null; ) {
                rows.add(List.of(row));
            }
            return rows;
        }
    }

    @Test
    void readsQuotedCellsWithCommasQuotesAndLineBreaks() throws IOException {
        assertThat(readAll("a,b,label\r\n\"1,5\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n3,,x\n"))
                .containsExactly(List.of("a", "b", "label"), List.of("1,5", "say \"hi\"", "two\nlines"), List.of("3", "", "x"));
    }

    @Test
    void skipsAByteOrderMarkAndBlankLinesAndToleratesNoFinalLineBreak() throws IOException {
        byte[] withBom = "\uFEFFx,label\n\n1,a\n2,b".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(withBom)).containsExactly(List.of("x", "label"), List.of("1", "a"), List.of("2", "b"));
    }

    @Test
    void namesTheLineOfARaggedRow() {
        assertThatThrownBy(() -> readAll("x,y,label\n1,2,a\n\"multi\nline\",2,b\n1,2\n"))
                .isInstanceOf(DatasetException.class)
                .hasMessage("data.csv:5: expected 3 cells as in the header, found 2");
    }

    /** A quoted cell that never closes, or a row of commas, must not grow in memory until the server falls over. */
    @Test
    void boundsACellAndARecordInsteadOfGrowingWithoutLimit() throws IOException {
        java.io.InputStream endlessQuote = new java.io.InputStream() {
            private long served;

            @Override
            public int read() {
                served++;
                return served == 1 ? '"' : 'x'; // '"xxxxxxxx…' and never a closing quote
            }
        };
        java.io.InputStream withHeader = new java.io.SequenceInputStream(new ByteArrayInputStream("a,label\n".getBytes()), endlessQuote);
        try (CsvReader reader = new CsvReader(withHeader, "data.csv")) {
            assertThatThrownBy(reader::next).isInstanceOf(DatasetException.class)
                    .hasMessage("data.csv:2: cell 1 is longer than " + CsvReader.MAX_CELL_CHARS + " characters (a quoted cell that is never closed?)");
        }
        assertThatThrownBy(() -> readAll("a,label\n" + "x".repeat(CsvReader.MAX_CELL_CHARS + 1) + ",b\n"))
                .hasMessage("data.csv:2: cell 1 is longer than " + CsvReader.MAX_CELL_CHARS + " characters");
        assertThat(readAll("a,label\n" + "x".repeat(CsvReader.MAX_CELL_CHARS) + ",b\n").get(1).get(0)).hasSize(CsvReader.MAX_CELL_CHARS);

        assertThatThrownBy(() -> readAll("a,label\n1," + ",".repeat(1_000_000) + "\n"))
                .hasMessage("data.csv:2: expected 2 cells as in the header, found more");
        assertThatThrownBy(() -> readAll("c,".repeat(CsvReader.MAX_COLUMNS) + "label\n"))
                .hasMessage("data.csv:1: the header has more than " + CsvReader.MAX_COLUMNS + " columns");
    }

    @Test
    void rejectsBrokenQuotingWithItsPlace() {
        assertThatThrownBy(() -> readAll("x,label\n\"open,a\n")).hasMessage("data.csv:2: a quoted cell is never closed");
        assertThatThrownBy(() -> readAll("x,label\n1\"2,a\n")).hasMessageStartingWith("data.csv:2: a quote inside an unquoted cell");
        assertThatThrownBy(() -> readAll("x,label\n\"1\"2,a\n")).hasMessageStartingWith("data.csv:2: a quote inside an unquoted cell");
    }

    @Test
    void rejectsBadHeadersAndEmptyFiles() {
        assertThatThrownBy(() -> readAll("")).hasMessage("data.csv:1: the file is empty; expected a header row");
        assertThatThrownBy(() -> readAll("x,x,label\n")).hasMessage("data.csv:1: the header names column 'x' twice");
        assertThatThrownBy(() -> readAll("x,,label\n")).hasMessage("data.csv:1: column 2 of the header has no name");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] latin1 = "x,label\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> readAll(latin1)).hasMessageStartingWith("data.csv:2: not valid UTF-8");
        // What Java's decoder replaces: an overlong form, a surrogate, a cut-off sequence; and U+FFFD itself.
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}}) {
            byte[] csv = concat("x,label\n1,a\n2,".getBytes(StandardCharsets.UTF_8), bad, "\n".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> readAll(csv)).hasMessageStartingWith("data.csv:3: not valid UTF-8");
        }
    }

    /**
     * Plain lines, read where they lie in the buffer, and the others, read by the state machine, give the same cells
     * across buffer refills (records far beyond the 1 MiB buffer); skimming and cutting gives them too.
     */
    @Test
    void readsTheSameCellsOnEveryPathAcrossBufferRefills() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            List<String> row = switch (i % 6) {
                case 0 -> List.of(Integer.toString(i), " 2.5 ", "cat");
                case 1 -> List.of("\u00e9\u4e2d" + i, "\ud83d\ude00", "d\u00f6g");
                case 2 -> List.of("x\"y", "1,5", "two\nlines");
                case 3 -> List.of("", "" + i, "cr");
                case 4 -> List.of("a,b", "\u00e9,x", "" + i); // quoted, no quote or line break inside
                default -> List.of("long" + "z".repeat(i % 100), "e", "cat");
            };
            expected.add(row);
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                boolean quote = cell.matches("(?s).*[,\"\n].*") || i % 11 == 0;
                csv.append(c > 0 ? "," : "").append(quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
            }
            csv.append(i % 5 == 3 ? "\r" : i % 7 == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isGreaterThan(2 << 20);
        assertThat(readAll(bytes).subList(1, expected.size() + 1)).isEqualTo(expected);
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(bytes), "data.csv")) {
            List<List<String>> skimmed = new ArrayList<>();
            while (reader.skimRecord()) {
                reader.cutCells();
                skimmed.add(List.of(reader.cell(0), reader.cell(1), reader.cell(2)));
            }
            assertThat(skimmed).isEqualTo(expected);
        }
    }

    @Test
    void recognizesPlainNumbersWhileScanning() throws IOException {
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(
                "a,b,c,d,e,f,g,h,i,j\n 1 ,-2.5,.5,5.,+7,1e3,.,,1 2,999999999999999999999999999999999999999\n".getBytes(StandardCharsets.UTF_8)), "data.csv")) {
            assertThat(reader.nextRecord()).isTrue();
            boolean[] plain = new boolean[10];
            for (int i = 0; i < 10; i++) {
                plain[i] = reader.isPlainNumber(i);
            }
            // An exponent, or more than 38 characters, is left to the caller's full check.
            assertThat(plain).containsExactly(true, true, true, true, true, false, false, false, false, false);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
