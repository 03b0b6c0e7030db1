// CSV read as bytes, for the split's two passes over a large file: the records of csv.ts's CsvReader, the same cells,
// lines and errors, without decoding the file into text or making a string a cell. Like Java's CsvReader, it cuts a
// simple line (an LF or CRLF end, quoted cells holding no quote or line break, valid UTF-8 without U+FFFD, as many
// cells as the header, none longer than MAX_CELL_CHARS) at its commas where it lies in the read buffer; any other
// record is decoded and read by CsvReader's state machine (CsvReader.readRecordFrom), which also gives every error.
import { CsvReader } from "./csv";
import { BY_MACHINE, CUT, LineCutter, MORE_BYTES } from "./csvCut";

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
/** Bytes read from the file at a time. */
const SLICE_BYTES = 4 << 20;
/** The read buffer's first size: a slice and the unread end of the one before. */
const BUFFER_BYTES = 2 * SLICE_BYTES;
/** The first window of bytes decoded for a record the state machine reads; doubled while the record runs past it. */
const FIRST_WINDOW = 1 << 12;
/** A simple line longer than this goes to the state machine, which reads it in a growing window, rather than growing the buffer. */
const MAX_PLAIN_LINE_BYTES = 1 << 22;

/**
 * Takes simple lines in a run (LineCutter.writeRows): those from buffer position `position` that start before `stop`,
 * `limit` bytes being read; returns how many it took, the cutter's `next` being where it stopped.
 */
export type Bulk = (position: number, stop: number, limit: number) => number;

/**
 * The records of a CSV file in file order. After `forEach` visits a record, either `cells` holds its cells (a record
 * the state machine read) or, when `cells` is null, they are byte ranges of `bytes`: cell i's text is
 * `[start[i], end[i])` and it is written (CsvWriter's csvCell) as `[outStart[i], outEnd[i])` (its quotes kept only
 * around a comma); when `plain`, the record's CSV line is `[lineStart, lineEnd)` and an LF.
 */
export class ByteCsvReader {
  cells: string[] | null = null;
  lineStart = 0;
  lineEnd = 0;
  plain = false;
  /** The line the record just visited starts on (1 is the header). */
  recordLine = 0;
  readonly header: readonly string[];

  private position = 0;
  private limit = 0;
  private fileOffset = 0;
  private line = 1;
  private readonly machine: CsvReader;
  /** No record that starts here or later is read. */
  private rangeEnd = Infinity;
  /** Whether the cells of the record visited are cut (else it was skimmed). */
  private cut = true;
  /** Where the next quote and CR at or after `position` are (`limit`: none read yet; -1: not looked for). */
  private quoteAt = -1;
  private crAt = -1;

  private constructor(private readonly file: Blob, readonly source: string, private readonly onBytes: (bytesRead: number) => void,
    machine: CsvReader, header: readonly string[], readonly cutter: LineCutter) {
    this.machine = machine;
    this.header = header;
  }

  /** The read buffer, in the cutter's memory: a view made anew when the buffer grows. */
  get bytes(): Uint8Array { return this.cutter.bytes; }
  get start(): Int32Array { return this.cutter.start; }
  get end(): Int32Array { return this.cutter.end; }
  get outStart(): Int32Array { return this.cutter.outStart; }
  get outEnd(): Int32Array { return this.cutter.outEnd; }
  /** Of a record cut from a simple line by a forEach that does not skim: cell i's kinds of byte (DIGITS, SPACES, ...). */
  get kinds(): Uint8Array { return this.cutter.kinds; }

  /** Opens `file` (named `source` in errors) and reads its header; `onBytes` hears how many bytes are read so far. */
  static async open(file: Blob, source: string, onBytes: (bytesRead: number) => void = () => {}): Promise<ByteCsvReader> {
    const machine = CsvReader.forPieces(source);
    const opening = new ByteCsvReader(file, source, onBytes, machine, [], await LineCutter.create(0, BUFFER_BYTES));
    await opening.fill();
    const b = opening.bytes;
    if (opening.limit >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) opening.position = 3; // the byte-order mark
    const header = (await opening.readByMachine())!;
    const reader = new ByteCsvReader(file, source, onBytes, machine, header, await LineCutter.create(header.length, Math.max(BUFFER_BYTES, opening.limit)));
    reader.bytes.set(opening.bytes.subarray(0, opening.limit));
    reader.position = opening.position;
    reader.limit = opening.limit;
    reader.fileOffset = opening.fileOffset;
    reader.line = opening.line;
    return reader;
  }

  /**
   * A reader of the records of `file` that start in `[start, end)`, `start` being where a record starts; `header` is
   * the file's. Its line numbers count from `start`, so an error it throws names the wrong line: read the file from its
   * start (open) to report one.
   */
  static async openRange(file: Blob, source: string, header: readonly string[], start: number, end: number,
    onBytes: (bytesRead: number) => void = () => {}): Promise<ByteCsvReader> {
    const machine = CsvReader.forPieces(source, header);
    const reader = new ByteCsvReader(file, source, onBytes, machine, header, await LineCutter.create(header.length, BUFFER_BYTES));
    reader.fileOffset = start;
    reader.rangeEnd = end;
    return reader;
  }

  /** Where in the file the next record (or blank line) starts. */
  get offset(): number {
    return this.fileOffset - this.limit + this.position;
  }

  /**
   * Visits every record, as many cells as the header has, in file order; awaits only to read more of the file. With
   * `skim`, for a file this reader's kind has read through once without an error, a line with no quote or CR is only
   * found (`plain`, its cells not cut: call `cutCells` before reading them), not checked again (a file changed in
   * between is not noticed). With `bulk`, the lines in the buffer are offered to it first, and a line it does not take
   * is read as without it.
   */
  async forEach(visit: () => void, skim = false, bulk?: Bulk): Promise<void> {
    while (this.offset < this.rangeEnd) {
      if (bulk !== undefined && this.takeInBulk(bulk)) continue;
      const cut = skim ? this.skimLine() : this.cutLine();
      if (cut === 1) {
        visit();
      } else if (cut === 2) {
        continue;
      } else if (cut === 0) {
        if (this.fileOffset < this.file.size) {
          await this.fill();
        } else {
          const row = await this.readByMachine(); // the last line, without a line end
          if (row === null) return;
          visit();
        }
      } else if ((await this.readByMachine()) === null) {
        return;
      } else {
        visit();
      }
    }
  }

  /** Offers `bulk` the lines in the buffer from `position`; whether it took any (the reader then goes on after them). */
  private takeInBulk(bulk: Bulk): boolean {
    const stop = Math.min(this.limit, this.rangeEnd - (this.fileOffset - this.limit)); // no record starts at or past rangeEnd
    if (this.position >= stop) return false;
    const lines = bulk(this.position, stop, this.limit);
    if (lines === 0) return false;
    this.position = this.cutter.next;
    this.line += lines;
    return true;
  }

  /** Cuts the cells of a line `forEach` skimmed; does nothing for any other record. */
  cutCells(): void {
    if (this.cut) return;
    const b = this.bytes;
    const { start, end, outStart, outEnd } = this;
    let cells = 0;
    let cellStart = this.lineStart;
    for (let i = cellStart; i < this.lineEnd; i++) {
      if (b[i] === COMMA) {
        start[cells] = outStart[cells] = cellStart;
        end[cells] = outEnd[cells] = i;
        cells++;
        cellStart = i + 1;
      }
    }
    start[cells] = outStart[cells] = cellStart;
    end[cells] = outEnd[cells] = this.lineEnd;
    this.cut = true;
  }

  /** As cutLine, for a line with no quote or CR found by its line feed alone, its cells not cut; else cutLine. */
  private skimLine(): number {
    const b = this.bytes;
    const limit = this.limit;
    const lineStart = this.position;
    const lineFeed = b.indexOf(LF, lineStart);
    if (lineFeed < 0 || lineFeed >= limit) return this.cutLine();
    if (this.quoteAt < lineStart) this.quoteAt = firstAt(b, QUOTE, lineStart, limit);
    if (this.crAt < lineStart) this.crAt = firstAt(b, CR, lineStart, limit);
    const lineEnd = lineFeed > lineStart && b[lineFeed - 1] === CR ? lineFeed - 1 : lineFeed;
    if (this.quoteAt < lineFeed || this.crAt < lineEnd || lineEnd === lineStart) return this.cutLine();
    this.position = lineFeed + 1;
    this.recordLine = this.line++;
    this.lineStart = lineStart;
    this.lineEnd = lineEnd;
    this.plain = true;
    this.cells = null;
    this.cut = false;
    return 1;
  }

  /**
   * Cuts the line at `position` when it is simple (csvCut.ts): 1 when it did, 2 when it skipped a blank line, 0 when
   * the line runs past the bytes read so far, -1 when the state machine must read the record.
   */
  private cutLine(): number {
    const cutter = this.cutter;
    const lineStart = this.position;
    const found = cutter.cut(lineStart, this.limit);
    if (found !== CUT) return found === MORE_BYTES && this.limit - lineStart >= MAX_PLAIN_LINE_BYTES ? BY_MACHINE : found;
    const lineEnd = cutter.lineEnd;
    if (cutter.cells !== this.header.length) {
      if (cutter.cells === 1 && cutter.end[0] === cutter.start[0] && cutter.plain) { // a blank line carries no record ("" is one empty cell)
        this.position = cutter.next;
        this.line++;
        return 2;
      }
      return -1; // the state machine says what is wrong
    }
    this.position = cutter.next;
    this.recordLine = this.line++;
    this.lineStart = lineStart;
    this.lineEnd = lineEnd;
    this.plain = cutter.plain;
    this.cells = null;
    this.cut = true;
    return 1;
  }

  /** The record at `position` read by the state machine, over a window of decoded bytes that grows until it holds it. */
  private async readByMachine(): Promise<string[] | null> {
    for (let window = FIRST_WINDOW; ; window *= 2) {
      while (this.limit - this.position < window && this.fileOffset < this.file.size) await this.fill();
      const to = Math.min(this.limit, this.position + window);
      const atEnd = to === this.limit && this.fileOffset === this.file.size;
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(this.bytes.subarray(this.position, to), { stream: !atEnd });
      const row = this.machine.readRecordFrom(text, this.line, atEnd);
      if (row === undefined) continue;
      this.position += utf8Length(text, this.machine.consumed);
      this.line = this.machine.nextLine;
      this.recordLine = this.machine.recordLine;
      this.cells = row;
      this.cut = true;
      return row;
    }
  }

  /** Reads the next slice of the file after the bytes not consumed yet, growing the buffer when they fill half of it. */
  private async fill(): Promise<void> {
    // a range's last record may run past its end: read on in small slices
    const to = this.fileOffset < this.rangeEnd ? Math.min(this.rangeEnd, this.fileOffset + SLICE_BYTES) : this.fileOffset + FIRST_WINDOW;
    const slice = new Uint8Array(await this.file.slice(this.fileOffset, to).arrayBuffer());
    const kept = this.limit - this.position;
    this.bytes.copyWithin(0, this.position, this.limit);
    if (kept + slice.length > this.bytes.length) this.cutter.grow(2 * (kept + slice.length));
    this.bytes.set(slice, kept);
    this.position = 0;
    this.quoteAt = this.crAt = -1;
    this.limit = kept + slice.length;
    this.fileOffset += slice.length;
    this.onBytes(this.fileOffset);
  }
}

/** Where `value` first is in `b[from, limit)`, or `limit`. */
function firstAt(b: Uint8Array, value: number, from: number, limit: number): number {
  const at = b.indexOf(value, from);
  return at < 0 || at >= limit ? limit : at;
}

/** The UTF-8 length of `text`'s first `chars` characters (well-formed text: a decoded record has no U+FFFD). */
function utf8Length(text: string, chars: number): number {
  let bytes = 0;
  for (let i = 0; i < chars; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}
