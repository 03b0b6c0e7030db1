package io.modelmarket.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * <p>It reads bytes, not characters: a simple line (up to an LF or CRLF, quoted cells holding no quote or line break,
 * valid UTF-8, no cell too long and no more cells than the header) is cut at its commas where it lies in the read
 * buffer, and its cells are byte ranges of that buffer ({@link #nextRecord()}); only another line goes through the
 * full state machine, character by character, which also gives every error in the order and at the line it meets it.
 */
public final class CsvReader implements AutoCloseable {
    /** The most characters one cell may hold (a number, a class name, a short text: far less). */
    public static final int MAX_CELL_CHARS = 1 << 16;
    /** The most columns a file may have. */
    public static final int MAX_COLUMNS = 100_000;

    private static final int BUFFER_BYTES = 1 << 20;
    /** A plain line longer than this goes through the state machine, which streams, rather than growing the buffer. */
    private static final int MAX_PLAIN_LINE_BYTES = 1 << 22;
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
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
    private boolean[] plainNumbers = new boolean[64];
    private int cellCount;
    private boolean plain;
    /** The current raw record is a blank line: no text at all, not even a quoted empty cell. */
    private boolean blankLine;
    private int lineStart;
    private int lineEnd;
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
            if (blankLine) {
                continue; // blank lines carry no record (a line holding "" does: one empty cell)
            }
            if (cellCount != header.size()) {
                throw DatasetException.at(source, recordLine, "expected " + header.size() + " cells as in the header, found " + cellCount);
            }
            return true;
        }
        return false;
    }

    /**
     * Moves to the next record, as {@link #nextRecord()} does, of a file that this reader's kind has read through once
     * without an error, finding only where a plain line ends: call {@link #cutCells()} before reading its cells. The
     * record is not checked again (a file changed in between is not noticed).
     */
    boolean skimRecord() throws IOException {
        while (pending == -2 && (position < limit || fill(1))) {
            int lineFeed = plainLineEnd();
            if (lineFeed < 0) {
                break;
            }
            recordLine = line++;
            int next = lineFeed + (buffer[lineFeed] == '\r' ? 2 : 1);
            if (lineFeed > position) {
                recordBytes = buffer;
                lineStart = position;
                lineEnd = lineFeed;
                plain = true;
                cellCount = 0; // not cut yet
                position = next;
                return true;
            }
            position = next; // blank lines carry no record
        }
        return nextRecord();
    }

    /** Cuts the current record at its commas, if {@link #skimRecord()} left it whole. */
    void cutCells() {
        if (cellCount > 0) {
            return;
        }
        byte[] b = recordBytes;
        int cellStart = lineStart;
        for (int i = lineStart; i < lineEnd; i++) {
            if (b[i] == ',') {
                addCell(cellCount++, cellStart, i, false);
                cellStart = i + 1;
            }
        }
        addCell(cellCount++, cellStart, lineEnd, false);
    }

    /**
     * The index of the LF, or the CR of the CRLF, that ends a line from {@link #position} with no quote or other CR,
     * or -1 for any other line.
     */
    private int plainLineEnd() throws IOException {
        while (true) {
            byte[] b = buffer;
            int i = position;
            for (; i + Long.BYTES <= limit; i += Long.BYTES) {
                long word = (long) LITTLE_ENDIAN_LONG.get(b, i);
                long found = bytesEqual(word, '\n') | bytesEqual(word, '\r') | bytesEqual(word, '"');
                if (found != 0) {
                    i += Long.numberOfTrailingZeros(found) >>> 3;
                    break;
                }
            }
            for (; i < limit; i++) {
                if (b[i] == '\n') {
                    return i;
                }
                if (b[i] == '"') {
                    return -1;
                }
                if (b[i] == '\r') {
                    if (i + 1 < limit) {
                        return b[i + 1] == '\n' ? i : -1;
                    }
                    break; // its LF is not read yet
                }
            }
            if (limit - position >= MAX_PLAIN_LINE_BYTES || !fill(limit - position + 1)) {
                return -1;
            }
        }
    }

    /**
     * The high bit of each byte of {@code word} that equals {@code value}, exact up to the lowest such byte (a byte
     * above it may be marked too): the lowest marked byte is the first match.
     */
    private static long bytesEqual(long word, char value) {
        long x = word ^ (0x0101010101010101L * value);
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /** Where the current record's CSV line lies in {@link #bytes()}, when it is {@link #plain()}. */
    int lineStart() {
        return lineStart;
    }

    /** Where the current record's CSV line ends in {@link #bytes()} (exclusive, before its LF), when it is {@link #plain()}. */
    int lineEnd() {
        return lineEnd;
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

    /**
     * Whether cell {@code i} of the current record is sure to be a decimal that fits a float32: stripped of ASCII white
     * space, {@code [+-]?(digits[.digits*] | .digits)}, at most 38 characters. False says nothing: check the cell.
     */
    boolean isPlainNumber(int i) {
        return plainNumbers[i];
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
     * The fast path: cuts a simple line at its commas where it lies in the buffer, or returns false, having consumed
     * nothing, for a line the state machine must read (a quote inside a cell or a quoted one, a line break in a quoted
     * cell, a lone CR, no line end before the end of the file, invalid UTF-8 or U+FFFD, a cell longer than
     * MAX_CELL_CHARS bytes or more cells than allowed).
     */
    private boolean readPlainLine() throws IOException {
        int maxCells = header == null ? MAX_COLUMNS : header.size();
        while (true) {
            byte[] b = buffer;
            int end = limit;
            int start = position;
            int cellStart = start;
            int cells = 0;
            int state = Number.START;
            boolean ascii = true;
            boolean anyQuoted = false;
            int quotedEnd = -1; // the current cell is quoted: its text is [cellStart, quotedEnd)
            scan:
            for (int i = start; ; i++) {
                for (int next; i < end && (next = Number.STEP[state << 8 | b[i] & 0xff]) != Number.STOP; i++) {
                    state = next;
                }
                if (i == end) {
                    break;
                }
                byte c = b[i];
                if (c == ',' || c == '\n' || c == '\r') {
                    int cellEnd = quotedEnd >= 0 ? quotedEnd : i;
                    if (cellEnd - cellStart > MAX_CELL_CHARS) {
                        return false;
                    }
                    if (c == ',') {
                        if (cells + 1 >= maxCells) {
                            return false;
                        }
                        addCell(cells++, cellStart, cellEnd, Number.isPlain(state, cellEnd - cellStart));
                        cellStart = i + 1;
                        quotedEnd = -1;
                        state = Number.START;
                        continue;
                    }
                    int lineEnd = i;
                    if (c == '\r') {
                        if (i + 1 == end) {
                            break; // its LF is not read yet
                        }
                        if (b[i + 1] != '\n') {
                            return false; // a lone CR
                        }
                        i++;
                    }
                    if (!ascii && !Utf8.isValidWithoutReplacement(b, start, lineEnd)) {
                        return false;
                    }
                    addCell(cells++, cellStart, cellEnd, Number.isPlain(state, cellEnd - cellStart));
                    cellCount = cells;
                    recordBytes = b;
                    lineStart = start;
                    this.lineEnd = lineEnd;
                    plain = !anyQuoted;
                    blankLine = lineEnd == start;
                    recordLine = line++;
                    position = i + 1;
                    return true;
                } else if (c < 0) {
                    ascii = false;
                    state = Number.INVALID;
                } else if (i == cellStart && quotedEnd < 0) {
                    // A quoted cell: its text up to the closing quote, taken when a delimiter follows that quote and
                    // the text holds no quote or line break; else the state machine reads the line.
                    for (int j = i + 1; j < end; j++) {
                        byte d = b[j];
                        if (d == '"') {
                            if (j + 1 == end) {
                                break scan;
                            }
                            byte after = b[j + 1];
                            if (after != ',' && after != '\n' && after != '\r') {
                                return false;
                            }
                            cellStart = i + 1;
                            quotedEnd = j;
                            state = Number.stateOf(b, cellStart, quotedEnd);
                            anyQuoted = true;
                            i = j;
                            continue scan;
                        }
                        if (d == '\n' || d == '\r') {
                            return false;
                        }
                        if (d < 0) {
                            ascii = false;
                        }
                    }
                    break; // the closing quote is not read yet
                } else {
                    return false; // a quote inside a cell
                }
            }
            if (limit - position >= MAX_PLAIN_LINE_BYTES || !fill(limit - position + 1)) {
                return false;
            }
        }
    }

    /**
     * Recognizes, while a plain line is scanned, the cells that are decimals a float32 holds for sure: once stripped of
     * ASCII white space, {@code [+-]?(digits[.digits*] | .digits)} of at most 38 characters (Float.MAX_VALUE is
     * 3.4e38), no exponent. One table step a byte; comma, LF, CR, quote and non-ASCII bytes stop the scan.
     */
    private static final class Number {
        static final int START = 0;
        static final int INVALID = 11;
        static final int STOP = 12;
        private static final int SIGN = 1;
        private static final int INTEGER = 2;
        private static final int POINT_AFTER_DIGITS = 3;
        private static final int POINT_FIRST = 4;
        private static final int FRACTION = 5;
        private static final int TRAILING_SPACE = 6;
        static final byte[] STEP = new byte[11 * 256 + 256];

        static {
            for (int state = 0; state <= INVALID; state++) {
                for (int b = 0; b < 256; b++) {
                    boolean digit = b >= '0' && b <= '9';
                    boolean space = b == ' ' || b >= 0x09 && b <= 0x0D || b >= 0x1C && b <= 0x1F; // Character.isWhitespace
                    int next = switch (state) {
                        case START -> space ? START : b == '+' || b == '-' ? SIGN : digit ? INTEGER : b == '.' ? POINT_FIRST : INVALID;
                        case SIGN -> digit ? INTEGER : b == '.' ? POINT_FIRST : INVALID;
                        case INTEGER -> digit ? INTEGER : b == '.' ? POINT_AFTER_DIGITS : space ? TRAILING_SPACE : INVALID;
                        case POINT_AFTER_DIGITS, FRACTION -> digit ? FRACTION : space ? TRAILING_SPACE : INVALID;
                        case POINT_FIRST -> digit ? FRACTION : INVALID;
                        case TRAILING_SPACE -> space ? TRAILING_SPACE : INVALID;
                        default -> INVALID;
                    };
                    boolean stops = b == ',' || b == '\n' || b == '\r' || b == '"' || b >= 0x80;
                    STEP[state << 8 | b] = (byte) (stops ? STOP : next);
                }
            }
        }

        /** The state after the bytes {@code [from, to)} of a quoted cell's text (a comma in it makes it no number). */
        static int stateOf(byte[] b, int from, int to) {
            int state = START;
            for (int i = from; i < to && state != INVALID; i++) {
                state = STEP[state << 8 | b[i] & 0xff];
                state = state == STOP ? INVALID : state;
            }
            return state;
        }

        static boolean isPlain(int state, int length) {
            return length <= 38 && (state == INTEGER || state == POINT_AFTER_DIGITS || state == FRACTION || state == TRAILING_SPACE);
        }
    }

    private void addCell(int i, int start, int end, boolean plainNumber) {
        if (i == cellStarts.length) {
            cellStarts = Arrays.copyOf(cellStarts, 2 * i);
            cellEnds = Arrays.copyOf(cellEnds, 2 * i);
            plainNumbers = Arrays.copyOf(plainNumbers, 2 * i);
        }
        cellStarts[i] = start;
        cellEnds[i] = end;
        plainNumbers[i] = plainNumber;
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
            addCell(cellCount++, length, length + utf8.length, false);
            length += utf8.length;
            decoded[length++] = ',';
            plain &= cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0;
        }
        recordBytes = decoded;
        lineStart = 0;
        lineEnd = length - 1;
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
                blankLine = cells.size() == 1 && cell.isEmpty() && !cellWasQuoted;
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
