package io.modelmarket.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader for real-world files: a header row, quoted fields holding commas, quotes
 * ({@code ""}) and line breaks, LF or CRLF line ends, a UTF-8 byte-order mark, empty cells. Every record must
 * have as many cells as the header. Reads one record at a time, so files far larger than memory stream in
 * constant memory: one cell holds at most {@link #MAX_CELL_CHARS} characters (a quoted cell that never closes
 * cannot grow without bound) and a record at most {@link #MAX_COLUMNS} cells, and never more than the header
 * has. Errors name the source and the line a record starts on.
 *
 * <p>It reads bytes, not characters: a plain line (up to an LF, no quote or CR, valid UTF-8, no cell too long and
 * no more cells than the header) is cut at its commas where it lies in the read buffer, and its cells are byte ranges
 * of that buffer ({@link #nextRecord()}); only another line goes through the full state machine, character by
 * character, which also gives every error in the order and at the line it meets it.
 */
public final class CsvReader implements AutoCloseable {
    /** The most characters one cell may hold (a number, a class name, a short text: far less). */
    public static final int MAX_CELL_CHARS = 1 << 16;
    /** The most columns a file may have. */
    public static final int MAX_COLUMNS = 100_000;

    private static final int BUFFER_BYTES = 1 << 20;
    /** A plain line longer than this goes through the state machine, which streams, rather than growing the buffer. */
    private static final int MAX_PLAIN_LINE_BYTES = 1 << 24;
    private static final String INVALID_UTF8 = "not valid UTF-8 (or holds U+FFFD, the replacement character)";

    private final InputStream in;
    private final String source;
    private final List<String> header;
    private byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean ended;
    private long line = 1;
    private long recordLine;
    private int pending = -2; // one character of look-ahead of the state machine; -2: none
    private int pendingLowSurrogate = -1; // the second half of a decoded supplementary character; -1: none

    // The record last read: cell i is the UTF-8 bytes recordBytes[cellStarts[i], cellEnds[i]), the cells one comma apart.
    private byte[] recordBytes;
    private int[] cellStarts = new int[64];
    private int[] cellEnds = new int[64];
    private int cellCount;
    private boolean plain;
    private byte[] decoded = new byte[1 << 12]; // the cells of a record the state machine read, re-encoded

    /**
     * Reads UTF-8 from {@code in}, named {@code source} in errors. Invalid UTF-8 is an error at the line it is
     * on, as is U+FFFD, the character a decoder puts in its place.
     */
    public CsvReader(InputStream in, String source) throws IOException {
        this.in = in;
        this.source = source;
        fill(3);
        if (limit >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF) {
            position = 3; // the byte-order mark
        }
        if (!readRecord()) {
            throw DatasetException.at(source, 1, "the file is empty; expected a header row");
        }
        List<String> row = new ArrayList<>(cellCount);
        for (int i = 0; i < cellCount; i++) {
            row.add(cell(i));
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

    /** The line the last record returned by {@link #next()} or {@link #nextRecord()} starts on (1 is the header). */
    public long recordLine() {
        return recordLine;
    }

    /** The next record, as many cells as the header has, or {@code null} at the end of the file. */
    public String[] next() throws IOException {
        if (!nextRecord()) {
            return null;
        }
        String[] row = new String[cellCount];
        for (int i = 0; i < cellCount; i++) {
            row[i] = cell(i);
        }
        return row;
    }

    /**
     * Moves to the next record, as many cells as the header has, and returns true; false at the end of the file. Its
     * cells are read with {@link #bytes()}, {@link #start(int)} and {@link #end(int)} until the next call.
     */
    boolean nextRecord() throws IOException {
        while (readRecord()) {
            if (cellCount == 1 && cellEnds[0] == cellStarts[0]) {
                continue; // blank lines carry no record
            }
            if (cellCount != header.size()) {
                throw DatasetException.at(source, recordLine, "expected " + header.size() + " cells as in the header, found " + cellCount);
            }
            return true;
        }
        return false;
    }

    /** The bytes the current record's cells lie in. */
    byte[] bytes() {
        return recordBytes;
    }

    /** Where cell {@code i} of the current record starts in {@link #bytes()}. */
    int start(int i) {
        return cellStarts[i];
    }

    /** Where cell {@code i} of the current record ends in {@link #bytes()} (exclusive); a comma follows all but the last. */
    int end(int i) {
        return cellEnds[i];
    }

    /**
     * Whether no cell of the current record holds a comma, quote or line break, so that its CSV line as
     * {@link CsvWriter} writes it is {@code bytes()[start(0), end(last))} and an LF.
     */
    boolean plain() {
        return plain;
    }

    /** Cell {@code i} of the current record. */
    String cell(int i) {
        return new String(recordBytes, cellStarts[i], cellEnds[i] - cellStarts[i], StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next raw record, blank or not, of any width; false at the end of the file. */
    private boolean readRecord() throws IOException {
        if (pending == -2 && position == limit && !fill(1)) {
            return false;
        }
        if (pending == -2 && readPlainLine()) {
            return true;
        }
        List<String> row = nextRow();
        if (row == null) {
            return false;
        }
        keep(row);
        return true;
    }

    /**
     * The fast path: cuts a plain line at its commas where it lies in the buffer, or returns false, having consumed
     * nothing, for a line the state machine must read (a quote, a CR, no LF before the end, invalid UTF-8 or U+FFFD,
     * a cell longer than MAX_CELL_CHARS bytes or more cells than allowed).
     */
    private boolean readPlainLine() throws IOException {
        int maxCells = header == null ? MAX_COLUMNS : header.size();
        while (true) {
            byte[] b = buffer;
            int start = position;
            int cellStart = start;
            int cells = 0;
            boolean ascii = true;
            for (int i = start; i < limit; i++) {
                byte c = b[i];
                if (c == ',') {
                    if (cells + 1 >= maxCells || i - cellStart > MAX_CELL_CHARS) {
                        return false;
                    }
                    addCell(cells++, cellStart, i);
                    cellStart = i + 1;
                } else if (c == '\n') {
                    if (i - cellStart > MAX_CELL_CHARS || !ascii && !Utf8.isValidWithoutReplacement(b, start, i)) {
                        return false;
                    }
                    addCell(cells++, cellStart, i);
                    cellCount = cells;
                    recordBytes = b;
                    plain = true;
                    recordLine = line++;
                    position = i + 1;
                    return true;
                } else if (c == '"' || c == '\r') {
                    return false;
                } else if (c < 0) {
                    ascii = false;
                }
            }
            if (limit - position >= MAX_PLAIN_LINE_BYTES || !fill(limit - position + 1)) {
                return false;
            }
        }
    }

    private void addCell(int i, int start, int end) {
        if (i == cellStarts.length) {
            cellStarts = Arrays.copyOf(cellStarts, 2 * i);
            cellEnds = Arrays.copyOf(cellEnds, 2 * i);
        }
        cellStarts[i] = start;
        cellEnds[i] = end;
    }

    /** Makes the cells the state machine read the current record, UTF-8 encoded one comma apart in {@link #decoded}. */
    private void keep(List<String> row) {
        int length = 0;
        plain = true;
        cellCount = 0;
        for (String cell : row) {
            byte[] utf8 = cell.getBytes(StandardCharsets.UTF_8);
            if (decoded.length < length + utf8.length + 1) {
                decoded = Arrays.copyOf(decoded, Math.max(2 * decoded.length, length + utf8.length + 1));
            }
            System.arraycopy(utf8, 0, decoded, length, utf8.length);
            addCell(cellCount++, length, length + utf8.length);
            length += utf8.length;
            decoded[length++] = ',';
            plain &= cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0;
        }
        recordBytes = decoded;
    }

    /** The state machine, character by character: any line the fast path leaves, with every error in order. */
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

    /** The next UTF-16 character, or -1 at the end; invalid UTF-8 and U+FFFD are errors at the current line. */
    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        if (pendingLowSurrogate >= 0) {
            int c = pendingLowSurrogate;
            pendingLowSurrogate = -1;
            return c;
        }
        if (position == limit && !fill(1)) {
            return -1;
        }
        int first = buffer[position] & 0xff;
        if (first < 0x80) {
            position++;
            return first;
        }
        fill(4);
        int length = Utf8.sequenceLength(buffer, position, limit);
        if (length < 0) {
            throw DatasetException.at(source, line, INVALID_UTF8);
        }
        int codePoint = Utf8.decode(buffer, position, length);
        position += length;
        if (codePoint == 0xFFFD) {
            throw DatasetException.at(source, line, INVALID_UTF8);
        }
        if (codePoint >= 0x10000) {
            pendingLowSurrogate = Character.lowSurrogate(codePoint);
            return Character.highSurrogate(codePoint);
        }
        return codePoint;
    }

    /**
     * Reads until at least {@code bytes} unread bytes are in the buffer or the input ends, moving the unread bytes to
     * its start (and growing it when they do not fit); returns whether that many are there.
     */
    private boolean fill(int bytes) throws IOException {
        if (limit - position >= bytes || ended) {
            return limit - position >= bytes;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (buffer.length < bytes) {
            buffer = Arrays.copyOf(buffer, Math.max(bytes, 2 * buffer.length));
        }
        while (limit < bytes) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                ended = true;
                break;
            }
            limit += read;
        }
        return limit - position >= bytes;
    }
}
