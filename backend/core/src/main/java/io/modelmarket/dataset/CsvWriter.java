package io.modelmarket.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Writes RFC 4180 CSV in UTF-8 with LF line ends, quoting only the cells that need it: the same bytes every time. */
final class CsvWriter implements AutoCloseable {
    private final Writer out;

    CsvWriter(OutputStream out) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    }

    void write(Iterable<String> cells) throws IOException {
        out.write(line(cells));
    }

    /** One record as this writer writes it, line end included. */
    static String line(Iterable<String> cells) {
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
        return line.append('\n').toString();
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
