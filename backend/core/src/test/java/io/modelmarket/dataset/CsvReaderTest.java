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
    }
}
