package io.modelmarket.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader for real-world files: a header row, quoted fields holding commas, quotes
 * ({@code ""}) and line breaks, LF or CRLF line ends, a UTF-8 byte-order mark, empty cells. Every record must
 * have as many cells as the header. Reads one record at a time, so files far larger than memory stream in
 * constant memory: one cell holds at most {@link #MAX_CELL_CHARS} characters (a quoted cell that never closes
 * cannot grow without bound) and a record at most {@link #MAX_COLUMNS} cells, and never more than the header
 * has. Errors name the source and the line a record starts on.
 */
public final class CsvReader implements AutoCloseable {
    /** The most characters one cell may hold (a number, a class name, a short text: far less). */
    public static final int MAX_CELL_CHARS = 1 << 16;
    /** The most columns a file may have. */
    public static final int MAX_COLUMNS = 100_000;

    private final Reader in;
    private final String source;
    private final List<String> header;
    private long line = 1;
    private long recordLine;
    private int pending = -2; // one character of look-ahead; -2: none
    private final char[] buffer = new char[1 << 16];
    private int bufferPosition;
    private int bufferLength;

    /**
     * Reads UTF-8 from {@code in}, named {@code source} in errors. Invalid UTF-8 is an error at the line it is
     * on (the decoder replaces it with U+FFFD, which this reader refuses).
     */
    public CsvReader(InputStream in, String source) throws IOException {
        this(new InputStreamReader(in, StandardCharsets.UTF_8), source);
    }

    public CsvReader(Reader in, String source) throws IOException {
        this.in = in;
        this.source = source;
        int first = read();
        if (first != '\uFEFF') {
            pending = first;
        }
        List<String> row = nextRow();
        if (row == null) {
            throw DatasetException.at(source, 1, "the file is empty; expected a header row");
        }
        header = List.copyOf(row);
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).isBlank()) {
                throw DatasetException.at(source, 1, "column " + (i + 1) + " of the header has no name");
            }
            if (header.indexOf(header.get(i)) != i) {
                throw DatasetException.at(source, 1, "the header names column '" + header.get(i) + "' twice");
            }
        }
    }

    public List<String> header() {
        return header;
    }

    public String source() {
        return source;
    }

    /** The line the last record returned by {@link #next()} starts on (1 is the header). */
    public long recordLine() {
        return recordLine;
    }

    /** The next record, as many cells as the header has, or {@code null} at the end of the file. */
    public String[] next() throws IOException {
        List<String> row = nextRow();
        while (row != null && row.size() == 1 && row.get(0).isEmpty()) {
            row = nextRow(); // blank lines carry no record
        }
        if (row == null) {
            return null;
        }
        if (row.size() != header.size()) {
            throw DatasetException.at(source, recordLine,
                    "expected " + header.size() + " cells as in the header, found " + row.size());
        }
        return row.toArray(String[]::new);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private List<String> nextRow() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellWasQuoted = false;
        int maxCells = header == null ? MAX_COLUMNS : header.size();
        while (true) {
            if (cell.length() > MAX_CELL_CHARS) {
                throw DatasetException.at(source, recordLine, "cell " + (cells.size() + 1) + " is longer than " + MAX_CELL_CHARS
                        + " characters" + (quoted ? " (a quoted cell that is never closed?)" : ""));
            }
            if (quoted) {
                if (c < 0) {
                    throw DatasetException.at(source, recordLine, "a quoted cell is never closed");
                }
                if (c == '"') {
                    int next = read();
                    if (next == '"') {
                        cell.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append((char) c);
                }
            } else if (c == ',' ) {
                if (cells.size() + 1 >= maxCells) {
                    throw DatasetException.at(source, recordLine, header == null ? "the header has more than " + MAX_COLUMNS + " columns"
                            : "expected " + header.size() + " cells as in the header, found more");
                }
                cells.add(cell.toString());
                cell.setLength(0);
                cellWasQuoted = false;
            } else if (c == '\n' || c == '\r' || c < 0) {
                if (c == '\r') {
                    int next = read();
                    if (next != '\n') {
                        pending = next;
                    }
                }
                if (c >= 0) {
                    line++;
                }
                cells.add(cell.toString());
                return cells;
            } else if (c == '"' && cell.isEmpty() && !cellWasQuoted) {
                quoted = true;
                cellWasQuoted = true;
            } else if (c == '"' || cellWasQuoted) {
                throw DatasetException.at(source, line, "a quote inside an unquoted cell, or text after a closing quote, in cell "
                        + (cells.size() + 1) + "; quote the whole cell and double inner quotes");
            } else {
                cell.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        if (bufferPosition == bufferLength) {
            bufferLength = in.read(buffer);
            bufferPosition = 0;
            if (bufferLength <= 0) {
                bufferLength = 0;
                return -1;
            }
        }
        char c = buffer[bufferPosition++];
        if (c == '\uFFFD') {
            throw DatasetException.at(source, line, "not valid UTF-8 (or holds U+FFFD, the replacement character)");
        }
        return c;
    }
}
