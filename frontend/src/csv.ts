// CSV in the browser exactly as the Java core reads and writes it (io.modelmarket.dataset.CsvReader and CsvWriter):
// the same records, the same bytes out, the same error messages naming the file and line. A user's File is read as a
// stream of decoded text chunks, so a file of any size streams in memory bounded by the longest record.
import { isBlank } from "./java";

/** The most characters one cell may hold (CsvReader.MAX_CELL_CHARS). */
export const MAX_CELL_CHARS = 1 << 16;
/** The most columns a file may have (CsvReader.MAX_COLUMNS). */
export const MAX_COLUMNS = 100_000;

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const REPLACEMENT = 0xfffd;
const BOM = 0xfeff;

/** A dataset that cannot be used as it is; the message is the Java DatasetException's, naming file, line and column. */
export class DatasetError extends Error {
  override name = "DatasetError";

  static at(source: string, line: number, message: string): DatasetError {
    return new DatasetError(`${source}:${line}: ${message}`);
  }
}

/** Decoded text, chunk by chunk; `null` at the end. */
export interface TextChunks {
  next(): Promise<string | null>;
}

/**
 * The UTF-8 text of `blob` in chunks, reporting the bytes read so far. Invalid UTF-8 becomes U+FFFD, as Java's
 * decoder makes it, which the reader then refuses; the byte-order mark is left in for the reader to skip.
 */
export function textChunks(blob: Blob, onBytes?: (bytesRead: number) => void): TextChunks {
  const bytes = blob.stream().getReader();
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let read = 0;
  let ended = false;
  return {
    async next() {
      while (!ended) {
        const { value, done } = await bytes.read();
        if (done) {
          ended = true;
          const tail = decoder.decode();
          return tail.length > 0 ? tail : null;
        }
        read += value.length;
        onBytes?.(read);
        const text = decoder.decode(value, { stream: true });
        if (text.length > 0) return text;
      }
      return null;
    },
  };
}

/** What a line needs the full state machine for. */
const PLAIN_LINE_BREAKERS = /["\r\ufffd]/;

/** Thrown inside the parser when a record runs past the text read so far: read more, then parse it again. */
const NEED_MORE = Symbol("need more text");

/** A plain line read without splitting it into cells: its text is `plainLine`. */
const UNSPLIT = Symbol("plain line, unsplit");

/**
 * A streaming RFC 4180 reader with CsvReader's rules: a header row, quoted cells holding commas, quotes ("") and
 * line breaks, LF, CRLF or CR line ends, a UTF-8 byte-order mark, blank lines skipped, every record as many cells as
 * the header, at most MAX_CELL_CHARS characters a cell and MAX_COLUMNS columns.
 */
export class CsvReader {
  private text = "";
  private position = 0;
  private ended = false;
  private line = 1;
  private lastRecordLine = 0;
  private lastPlainLine: string | null = null;
  /** The raw record last read was a blank line: no text at all, not even a quoted empty cell. */
  private blankRow = false;
  private headerCells: readonly string[] | null = null;
  private splitPlainLines = true;
  private unsplitCells = 0;

  private constructor(private readonly chunks: TextChunks, readonly source: string) {}

  /** Opens `chunks` (named `source` in errors) and reads its header. */
  static async open(chunks: TextChunks, source: string): Promise<CsvReader> {
    const reader = new CsvReader(chunks, source);
    while (reader.text.length === 0 && !reader.ended) await reader.readMore();
    if (reader.text.charCodeAt(0) === BOM) reader.position = 1;
    reader.headerCells = reader.checkHeader(await reader.nextRow());
    return reader;
  }

  /**
   * A reader that is handed its text a record at a time (readRecordFrom): the state machine for the records a reader
   * of bytes (csvBytes.ts) does not cut itself, so that they read, and fail, exactly as here. Without `header`, the
   * first record it reads is the header.
   */
  static forPieces(source: string, header: readonly string[] | null = null): CsvReader {
    const reader = new CsvReader({ next: async () => null }, source);
    reader.headerCells = header;
    return reader;
  }

  /**
   * The next record at the start of `text`, which starts on line `line` and is the rest of the file when `atEnd`: the
   * header (checked) while the reader has none, then a record as many cells as the header, blank lines skipped; null at
   * the end of the file; undefined when the record may run past `text` (hand in a longer one). `consumed` then says
   * how many characters it took, blank lines before it included, and `nextLine` the line after it.
   */
  readRecordFrom(text: string, line: number, atEnd: boolean): string[] | null | undefined {
    this.text = text;
    this.position = 0;
    this.ended = atEnd;
    this.line = line;
    const row = this.headerCells === null ? this.parseRow() : this.parseRecord();
    if (row === NEED_MORE) return undefined;
    if (this.headerCells === null) {
      this.headerCells = this.checkHeader(row as string[] | null);
      return this.headerCells as string[];
    }
    return row as string[] | null;
  }

  /** Characters the last readRecordFrom took. */
  get consumed(): number {
    return this.position;
  }

  /** The line after the last record read. */
  get nextLine(): number {
    return this.line;
  }

  private checkHeader(row: string[] | null): string[] {
    if (row === null) throw DatasetError.at(this.source, 1, "the file is empty; expected a header row");
    for (let i = 0; i < row.length; i++) {
      if (isBlank(row[i])) throw DatasetError.at(this.source, 1, `column ${i + 1} of the header has no name`);
      if (row.indexOf(row[i]) !== i) throw DatasetError.at(this.source, 1, `the header names column '${row[i]}' twice`);
    }
    return row;
  }

  get header(): readonly string[] {
    return this.headerCells!;
  }

  /** The line the record just visited starts on (1 is the header). */
  get recordLine(): number {
    return this.lastRecordLine;
  }

  /**
   * The text of the record just visited when it was a plain line (no quote, CR or U+FFFD: csvLine of its cells is
   * this text and an LF), without its line end, else null.
   */
  get plainLine(): string | null {
    return this.lastPlainLine;
  }

  /**
   * Visits every record, as many cells as the header has, in file order; `recordLine` and `plainLine` describe the
   * record visited. Awaits only when the text read so far runs out, not once a record.
   */
  async forEach(visit: (row: string[]) => void): Promise<void> {
    await this.visitRecords(true, visit as (row: string[] | null) => void);
  }

  /**
   * Visits every record as forEach does, except that a plain line comes as null, its cells unsplit (saving a string
   * a cell): its text is `plainLine`, which holds as many cells as the header, none longer than MAX_CELL_CHARS.
   */
  async forEachLine(visit: (row: string[] | null) => void): Promise<void> {
    await this.visitRecords(false, visit);
  }

  private async visitRecords(splitPlainLines: boolean, visit: (row: string[] | null) => void): Promise<void> {
    this.splitPlainLines = splitPlainLines;
    try {
      for (;;) {
        const row = this.parseRecord();
        if (row === NEED_MORE) {
          await this.readMore();
          continue;
        }
        if (row === null) return;
        visit(row === UNSPLIT ? null : row);
      }
    } finally {
      this.splitPlainLines = true;
    }
  }

  /** The next record, as many cells as the header has; null at the end. `recordLine` and `plainLine` describe it. */
  async next(): Promise<string[] | null> {
    for (;;) {
      const row = this.parseRecord();
      if (row !== NEED_MORE) return row as string[] | null; // plain lines are split outside visitRecords
      await this.readMore();
    }
  }

  /** The next record from the text read so far, blank lines skipped and its width checked; NEED_MORE or null as parseRow. */
  private parseRecord(): string[] | null | typeof NEED_MORE | typeof UNSPLIT {
    for (;;) {
      const row = this.parseRow();
      if (row === NEED_MORE || row === null) return row;
      const cells = row === UNSPLIT ? this.unsplitCells : row.length;
      if (this.blankRow) continue; // blank lines carry no record (a line holding "" does: one empty cell)
      if (cells !== this.header.length) {
        throw DatasetError.at(this.source, this.lastRecordLine, `expected ${this.header.length} cells as in the header, found ${cells}`);
      }
      return row;
    }
  }

  /** The next raw record, blank or not, of any length; null at the end. */
  private async nextRow(): Promise<string[] | null> {
    for (;;) {
      const row = this.parseRow();
      if (row !== NEED_MORE) return row as string[] | null; // plain lines are split outside visitRecords
      await this.readMore();
    }
  }

  private async readMore(): Promise<void> {
    const chunk = await this.chunks.next();
    if (chunk === null) {
      this.ended = true;
    } else {
      this.text = this.text.slice(this.position) + chunk;
      this.position = 0;
    }
  }

  /**
   * One raw record from the text read so far, or NEED_MORE when it runs past it (nothing is consumed then). The
   * state machine of CsvReader.nextRow, step for step, so that its errors come in the same order at the same lines.
   */
  private parseRow(): string[] | null | typeof NEED_MORE | typeof UNSPLIT {
    return this.parsePlainLine() ?? this.parseAnyRow();
  }

  /**
   * The fast path for the common line: up to an LF or CRLF, no quote, other CR or U+FFFD, no more cells than allowed and none too
   * long, where the state machine would split at every comma; null for any other line, left to parseAnyRow.
   */
  private parsePlainLine(): string[] | typeof UNSPLIT | null {
    const { text, position } = this;
    const newline = text.indexOf("\n", position);
    if (newline < 0) return null;
    const lineEnd = newline > position && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline; // CRLF ends a line as LF does
    const line = text.slice(position, lineEnd);
    if (PLAIN_LINE_BREAKERS.test(line)) return null;
    const maxCells = this.headerCells === null ? MAX_COLUMNS : this.headerCells.length;
    let row: string[] | typeof UNSPLIT;
    if (this.splitPlainLines || line.length > MAX_CELL_CHARS) {
      const cells = line.split(",");
      if (cells.length > maxCells || line.length > MAX_CELL_CHARS && cells.some((cell) => cell.length > MAX_CELL_CHARS)) return null;
      row = this.splitPlainLines ? cells : UNSPLIT;
      this.unsplitCells = cells.length;
    } else {
      let cells = 1;
      for (let comma = line.indexOf(","); comma >= 0; comma = line.indexOf(",", comma + 1)) cells++;
      if (cells > maxCells) return null;
      row = UNSPLIT;
      this.unsplitCells = cells;
    }
    this.position = newline + 1;
    this.lastRecordLine = this.line++;
    this.lastPlainLine = line;
    this.blankRow = line === "";
    return row;
  }

  private parseAnyRow(): string[] | null | typeof NEED_MORE {
    const { text, source, ended } = this;
    const end = text.length;
    let position = this.position;
    let line = this.line;
    const read = (): number => {
      if (position < end) {
        const c = text.charCodeAt(position++);
        if (c === REPLACEMENT) throw DatasetError.at(source, line, "not valid UTF-8 (or holds U+FFFD, the replacement character)");
        return c;
      }
      if (ended) return -1;
      throw NEED_MORE;
    };
    try {
      let c = read();
      if (c < 0) return null;
      const recordLine = line;
      const cells: string[] = [];
      const maxCells = this.headerCells === null ? MAX_COLUMNS : this.headerCells.length;
      let cellStart = position - 1; // an unquoted cell is text[cellStart, its end)
      let cellLength = 0;
      let quotedText = ""; // a quoted cell's text so far, then from quotedFrom on
      let quotedFrom = 0;
      let quoted = false;
      let cellWasQuoted = false;
      for (;;) {
        if (cellLength > MAX_CELL_CHARS) {
          throw DatasetError.at(source, recordLine, `cell ${cells.length + 1} is longer than ${MAX_CELL_CHARS} characters`
            + (quoted ? " (a quoted cell that is never closed?)" : ""));
        }
        if (quoted) {
          if (c < 0) throw DatasetError.at(source, recordLine, "a quoted cell is never closed");
          if (c === QUOTE) {
            const quoteAt = position - 1;
            const next = read();
            if (next === QUOTE) {
              quotedText += text.slice(quotedFrom, quoteAt + 1);
              quotedFrom = position;
              cellLength++;
            } else {
              quotedText += text.slice(quotedFrom, quoteAt);
              quoted = false;
              c = next;
              continue;
            }
          } else {
            if (c === LF) line++;
            cellLength++;
          }
        } else if (c === COMMA) {
          if (cells.length + 1 >= maxCells) {
            throw DatasetError.at(source, recordLine, this.headerCells === null ? `the header has more than ${MAX_COLUMNS} columns`
              : `expected ${this.headerCells.length} cells as in the header, found more`);
          }
          cells.push(cellWasQuoted ? quotedText : text.slice(cellStart, position - 1));
          cellStart = position;
          cellLength = 0;
          quotedText = "";
          cellWasQuoted = false;
        } else if (c === LF || c === CR || c < 0) {
          const cellEnd = c < 0 ? position : position - 1;
          if (c === CR) {
            const next = read();
            if (next >= 0 && next !== LF) position--; // a lone CR ends the line; the next character starts the next one
          }
          if (c >= 0) line++;
          cells.push(cellWasQuoted ? quotedText : text.slice(cellStart, cellEnd));
          this.blankRow = cells.length === 1 && cells[0] === "" && !cellWasQuoted;
          this.position = position;
          this.line = line;
          this.lastRecordLine = recordLine;
          this.lastPlainLine = null;
          return cells;
        } else if (c === QUOTE && cellLength === 0 && !cellWasQuoted) {
          quoted = true;
          cellWasQuoted = true;
          quotedFrom = position;
        } else if (c === QUOTE || cellWasQuoted) {
          throw DatasetError.at(source, line, `a quote inside an unquoted cell, or text after a closing quote, in cell ${cells.length + 1}; `
            + "quote the whole cell and double inner quotes");
        } else {
          cellLength++;
        }
        c = read();
      }
    } catch (e) {
      if (e === NEED_MORE) return NEED_MORE;
      throw e;
    }
  }
}

/** One cell as CsvWriter writes it: quoted, inner quotes doubled, only when it holds a comma, quote or line break. */
export function csvCell(cell: string): string {
  return /[,"\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record as CsvWriter writes it, LF included. */
export function csvLine(cells: readonly string[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? "" : ",") + csvCell(cells[i]);
  // A record whose only cell is empty would be an empty line, which every reader skips as blank (Java's CsvWriter too).
  return (line === "" && cells.length > 0 ? '""' : line) + "\n";
}

