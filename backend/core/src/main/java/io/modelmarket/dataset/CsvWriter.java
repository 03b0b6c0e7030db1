package io.modelmarket.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes RFC 4180 CSV in UTF-8 with LF line ends, quoting only the cells that need it: the same bytes every time. A
 * record whose only cell is empty (a one-feature row whose value is missing) is written {@code ""}: an empty line
 * would be read back as a blank line and skipped.
 */
public final class CsvWriter implements AutoCloseable {
    private final Writer out;

    CsvWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    void write(Iterable<String> cells) throws IOException {
        out.write(line(cells));
    }

    /** One record as this writer writes it, line end included: what any other writer of the protocol's CSV files calls. */
    public static String line(Iterable<String> cells) {
        StringBuilder line = new StringBuilder();
        boolean first = true;
        for (String cell : cells) {
            if (!first) {
                line.append(',');
            }
            first = false;
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                line.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                line.append(cell);
            }
        }
        if (line.isEmpty() && !first) {
            line.append("\"\"");
        }
        return line.append('\n').toString();
    }

    /**
     * Appends the current record of {@code record} as this writer writes it, without column {@code skipColumn} (-1:
     * none), line end included. A plain record's bytes are copied as they stand, cut around the skipped cell.
     */
    static void appendRecord(CsvReader record, int skipColumn, LineBuilder out) {
        byte[] bytes = record.bytes();
        int last = record.header().size() - 1;
        int lineStart = out.length();
        if (record.plain() && skipColumn < 0) {
            out.append(bytes, record.lineStart(), record.lineEnd());
            out.append((byte) '\n');
            return;
        }
        record.cutCells();
        if (record.plain()) {
            if (skipColumn == 0) {
                out.append(bytes, record.start(1), record.end(last));
            } else {
                out.append(bytes, record.start(0), record.end(skipColumn - 1));
                if (skipColumn < last) {
                    out.append(bytes, record.end(skipColumn), record.end(last)); // from the comma after the skipped cell
                }
            }
        } else {
            boolean first = true;
            for (int column = 0; column <= last; column++) {
                if (column != skipColumn) {
                    if (!first) {
                        out.append((byte) ',');
                    }
                    first = false;
                    appendCell(bytes, record.start(column), record.end(column), out);
                }
            }
        }
        if (out.length() == lineStart) {
            out.append((byte) '"');
            out.append((byte) '"');
        }
        out.append((byte) '\n');
    }

    /** Appends one UTF-8 cell as this writer writes it: quoted, inner quotes doubled, when it holds a comma, quote or line break. */
    static void appendCell(byte[] cell, int start, int end, LineBuilder out) {
        boolean quote = false;
        for (int i = start; i < end && !quote; i++) {
            byte b = cell[i];
            quote = b == ',' || b == '"' || b == '\n' || b == '\r';
        }
        if (!quote) {
            out.append(cell, start, end);
            return;
        }
        out.append((byte) '"');
        for (int i = start; i < end; i++) {
            if (cell[i] == '"') {
                out.append((byte) '"');
            }
            out.append(cell[i]);
        }
        out.append((byte) '"');
    }

    /** Pushes buffered rows out without closing the stream underneath. */
    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
