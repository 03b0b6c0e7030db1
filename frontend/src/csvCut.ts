// The inner loops of the split's reader (csvBytes.ts) in WebAssembly, where JavaScript would spend most of the split's
// time on about 2.4 million lines a 100 MiB CSV: cutting a simple line at its commas (`cut`), and each pass over a
// run of simple lines, so that JavaScript touches those a window of rows at a time, not one by one. Pass 1
// (`surveyRows`): each line cut, checked (UTF-8, the feature cells' types, its label found by its bytes) and
// written as its hashed line, less the seed; the keys are hashed from those by rowHashes.ts. Pass 2 (`writeRows`):
// each line cut and written to the training or the test rows. A line either pass does not take (not simple, a label
// not met before, a cell that is not plainly a number in a numeric column, no room left) stops the run, and
// JavaScript reads it as it reads any record. The reader's buffer, the cut's tables, the passes' inputs and outputs
// live in the module's memory, so JavaScript reads them where the module left them. Assembled by wasm.ts.
import { MAX_CELL_CHARS } from "./csv";
import { Code, I32, moduleOf } from "./wasm";

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;
const UPPER_E = 0x45;
const LOWER_E = 0x65;
const PAGE = 1 << 16;

/**
 * The kinds of byte a cell cut from a simple line holds (`kinds`), ORed together while the line is cut, so that a
 * number check need not read the cell again: digits, spaces, the rest of a decimal's characters (point, signs,
 * exponent letters), anything else, and bytes of non-ASCII characters (also "anything else").
 */
export const DIGITS = 1;
const SPACES = 2;
const DECIMAL_MARKS = 4;
export const OTHER = 8;
const NON_ASCII = 16;
const KIND = new Uint8Array(256).fill(OTHER);
KIND.fill(DIGITS, 0x30, 0x3a);
KIND[SPACE] = SPACES;
for (const mark of ".+-eE") KIND[mark.charCodeAt(0)] = DECIMAL_MARKS;
KIND.fill(OTHER | NON_ASCII, 0x80);

/**
 * Where the module leaves its results, as i32s: [0] the next line's start (after `cut`, or where a pass stopped),
 * [1] the line's end (before its CR LF or LF), [2] its cells, [3] whether plain, [5] its start;
 * writeRows' [6] rows taken, [7] training bytes, [8] test bytes, [9] test rows; surveyRows' [10] bytes of lines.
 */
const RESULT = 0;
/** The kind of every byte value (KIND), 256 bytes. */
const KINDS_TABLE = 64;
/** The cell tables: start, end, outStart, outEnd (i32 each), then kinds, numeric, seen (a byte each), `width` entries each. */
const TABLES = 320;
/** Rows a pass takes at most a call. */
export const ROW_WINDOW = 1 << 15;
/** Bytes of each of the passes' outputs of lines. */
const OUT_BYTES = 1 << 20;
/** Label cells pass 1 finds by their bytes: slots of [FNV-1a hash, label id + 1 (0: empty), bytes' place, length]. */
const LABEL_SLOTS = 2048;
/** At most this many label cells, of at most LABEL_CELL_BYTES each, are remembered; the others are JavaScript's. */
const MAX_LABEL_CELLS = 1024;
const LABEL_CELL_BYTES = 64;
/** At most this many labels have a class cell here ([place, length] each), of at most CLASS_CELL_BYTES. */
const MAX_LABELS = 257;
const CLASS_CELL_BYTES = 192;

/** Where each region of the memory of a cutter of `width` cells starts; the read buffer is last, so that it can grow. */
function layout(width: number) {
  const at = { start: TABLES, end: TABLES + 4 * width, outStart: TABLES + 8 * width, outEnd: TABLES + 12 * width, kinds: TABLES + 16 * width,
    numeric: TABLES + 17 * width, seen: TABLES + 18 * width };
  let next = (TABLES + 19 * width + 63) & ~63;
  const region = (bytes: number) => {
    const start = next;
    next += (bytes + 63) & ~63;
    return start;
  };
  const regions = {
    flags: region(ROW_WINDOW), testEnds: region(4 * ROW_WINDOW), trainingOut: region(OUT_BYTES), testOut: region(OUT_BYTES),
    rowLabels: region(ROW_WINDOW), lineEnds: region(4 * ROW_WINDOW), lines: region(OUT_BYTES),
    labelSlots: region(16 * LABEL_SLOTS), labelBytes: region(MAX_LABEL_CELLS * LABEL_CELL_BYTES),
    classCells: region(8 * MAX_LABELS), classBytes: region(MAX_LABELS * CLASS_CELL_BYTES), rowsPerLabel: region(4 * MAX_LABELS),
  };
  return { ...at, ...regions, buffer: next };
}

/** What `cut` found: a line cut, or why not (ByteCsvReader.cutLine's codes). */
export const CUT = 1;
export const MORE_BYTES = 0;
export const BY_MACHINE = -1;

/**
 * The line cutter of a reader of `width` cells a record: `cut(lineStart, limit)` cuts the line at `bytes[lineStart]`
 * as ByteCsvReader.cutLine describes and, when it returns CUT, leaves each cell's ranges in `start`, `end`,
 * `outStart`, `outEnd` and its kinds of byte in `kinds`, and the line's facts in `cells`, `next`, `lineEnd` and
 * `plain`. `bytes` is the reader's buffer; `grow` makes it larger (and every view new, so read the views
 * from the cutter, do not keep them).
 */
export class LineCutter {
  bytes!: Uint8Array;
  start!: Int32Array;
  end!: Int32Array;
  outStart!: Int32Array;
  outEnd!: Int32Array;
  kinds!: Uint8Array;
  /** Per header column, whether its feature cells are numeric so far, and whether one holds a value (pass 1's FeatureTypes). */
  numeric!: Uint8Array;
  seen!: Uint8Array;
  /** writeRows' input, a test flag a row, and outputs: each test line's end in `testOut`, the training and test lines. */
  flags!: Uint8Array;
  testEnds!: Int32Array;
  trainingOut!: Uint8Array;
  testOut!: Uint8Array;
  /** surveyRows' outputs: each row's label id, and its hashed line (less the seed) in `lines`, ending at `lineEnds`. */
  rowLabels!: Uint8Array;
  lineEnds!: Int32Array;
  lines!: Uint8Array;
  /** Rows of each label id that surveyRows took. */
  rowsPerLabel!: Int32Array;
  private result!: Int32Array;
  private labelSlots!: Int32Array;
  private classCells!: Int32Array;
  private memoryBytes!: Uint8Array;
  private labelCells = 0;
  private readonly at: ReturnType<typeof layout>;

  private constructor(private readonly memory: WebAssembly.Memory, private readonly exports: CutterExports, private readonly width: number) {
    this.at = layout(width);
    this.views();
    this.memoryBytes.set(KIND, KINDS_TABLE);
  }

  /** A cutter for records of `width` cells with a buffer of at least `capacity` bytes. */
  static async create(width: number, capacity: number): Promise<LineCutter> {
    const instance = await WebAssembly.instantiate(await compiled(width));
    const exports = instance.exports as unknown as CutterExports;
    const cutter = new LineCutter(exports.memory, exports, width);
    cutter.grow(capacity);
    return cutter;
  }

  cut(lineStart: number, limit: number): number {
    return this.exports.cut(lineStart, limit);
  }

  /** Whether `bytes[start, end)` is plainly a number that fits a float32 (the module's isPlainDecimal); false: ask the full check. */
  isPlainDecimal(start: number, end: number): boolean {
    return this.exports.isPlainDecimal(start, end) === 1;
  }

  /**
   * Pass 2 over the simple lines from `position` that start before `stop` (`limit`: the bytes read): each cut, and
   * copied as csvLine of its cells to `trainingOut`, or when its flag in `flags` is 1, less the cell at `labelIndex`
   * to `testOut`, until `rows` rows, a line that is not simple (or not `width` cells), or an output that cannot hold
   * the next line. Returns the rows taken; `next` is where it stopped, `trainingBytes`, `testBytes` and `testRows`
   * what it wrote.
   */
  writeRows(position: number, stop: number, limit: number, labelIndex: number, rows: number): number {
    return this.exports.writeRows(position, stop, limit, labelIndex, rows);
  }

  /**
   * Pass 1 (classification) over the simple lines from `position` that start before `stop`: each cut (its UTF-8
   * checked); each feature cell (all but `labelIndex`) settled against `numeric` and `seen` as FeatureTypes does, when
   * it is plainly a number or missing; its label cell found among those `rememberLabel` was given; then its label id
   * written to `rowLabels`, counted in `rowsPerLabel`, and its hashed line (the label's class cell, the line less its
   * label cell, an LF) to `lines`. Stops, before the line, at `rows` rows, a line it cannot take so, or when `lines`
   * cannot hold the next. Returns the rows taken; `next` is where it stopped, `linesBytes` what it wrote.
   */
  surveyRows(position: number, stop: number, limit: number, labelIndex: number, rows: number): number {
    return this.exports.surveyRows(position, stop, limit, labelIndex, rows);
  }

  /**
   * Lets surveyRows find the label cell `bytes[start, end)` (FNV-1a hash `hash`) as label `id`, whose class cell is
   * `classCell`; returns whether it will (a long cell, or more than MAX_LABEL_CELLS, is left to JavaScript).
   */
  rememberLabel(hash: number, start: number, end: number, id: number, classCell: Uint8Array): boolean {
    const { at } = this;
    const length = end - start;
    if (this.labelCells >= MAX_LABEL_CELLS || length > LABEL_CELL_BYTES || id >= MAX_LABELS || classCell.length > CLASS_CELL_BYTES) return false;
    const cellAt = at.labelBytes + this.labelCells++ * LABEL_CELL_BYTES;
    this.memoryBytes.copyWithin(cellAt, at.buffer + start, at.buffer + end);
    const classAt = at.classBytes + id * CLASS_CELL_BYTES;
    this.memoryBytes.set(classCell, classAt);
    this.classCells[2 * id] = classAt;
    this.classCells[2 * id + 1] = classCell.length;
    let slot = hash & (LABEL_SLOTS - 1);
    while (this.labelSlots[4 * slot + 1] !== 0) slot = (slot + 1) & (LABEL_SLOTS - 1);
    this.labelSlots.set([hash, id + 1, cellAt, length], 4 * slot);
    return true;
  }

  /** The cells of the line cut last. */
  get cells(): number { return this.result[2]; }
  /** Where the line after the one cut last starts, or where a pass stopped. */
  get next(): number { return this.result[0]; }
  /** Where the line cut last ends, before its line end. */
  get lineEnd(): number { return this.result[1]; }
  /** Whether no cell of the line cut last is quoted. */
  get plain(): boolean { return this.result[3] === 1; }
  get trainingBytes(): number { return this.result[7]; }
  get testBytes(): number { return this.result[8]; }
  get testRows(): number { return this.result[9]; }
  get linesBytes(): number { return this.result[10]; }

  /** Makes `bytes` at least `capacity` long, keeping what it holds. */
  grow(capacity: number): void {
    const needed = this.at.buffer + capacity;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
      this.views();
    }
  }

  private views(): void {
    const { buffer } = this.memory;
    const { width, at } = this;
    this.memoryBytes = new Uint8Array(buffer);
    this.result = new Int32Array(buffer, RESULT, 11);
    this.start = new Int32Array(buffer, at.start, width);
    this.end = new Int32Array(buffer, at.end, width);
    this.outStart = new Int32Array(buffer, at.outStart, width);
    this.outEnd = new Int32Array(buffer, at.outEnd, width);
    this.kinds = new Uint8Array(buffer, at.kinds, width);
    this.numeric = new Uint8Array(buffer, at.numeric, width);
    this.seen = new Uint8Array(buffer, at.seen, width);
    this.flags = new Uint8Array(buffer, at.flags, ROW_WINDOW);
    this.testEnds = new Int32Array(buffer, at.testEnds, ROW_WINDOW);
    this.trainingOut = new Uint8Array(buffer, at.trainingOut, OUT_BYTES);
    this.testOut = new Uint8Array(buffer, at.testOut, OUT_BYTES);
    this.rowLabels = new Uint8Array(buffer, at.rowLabels, ROW_WINDOW);
    this.lineEnds = new Int32Array(buffer, at.lineEnds, ROW_WINDOW);
    this.lines = new Uint8Array(buffer, at.lines, OUT_BYTES);
    this.labelSlots = new Int32Array(buffer, at.labelSlots, 4 * LABEL_SLOTS);
    this.classCells = new Int32Array(buffer, at.classCells, 2 * MAX_LABELS);
    this.rowsPerLabel = new Int32Array(buffer, at.rowsPerLabel, MAX_LABELS);
    this.bytes = new Uint8Array(buffer, at.buffer);
  }
}

interface CutterExports {
  memory: WebAssembly.Memory;
  cut(lineStart: number, limit: number): number;
  isPlainDecimal(start: number, end: number): number;
  writeRows(position: number, stop: number, limit: number, labelIndex: number, rows: number): number;
  surveyRows(position: number, stop: number, limit: number, labelIndex: number, rows: number): number;
}

const modules = new Map<number, Promise<WebAssembly.Module>>();

/** The module for records of `width` cells (the tables' places are constants of its code). */
function compiled(width: number): Promise<WebAssembly.Module> {
  let module = modules.get(width);
  if (module === undefined) {
    module = WebAssembly.compile(moduleBytes(width));
    modules.set(width, module);
  }
  return module;
}

/**
 * The module for records of `width` cells, its regions' places constants of its code: function 0, cut(lineStart,
 * limit) -> code, the loop of ByteCsvReader.cutLine (bytes at the buffer's start + i; a cell's kinds ORed from the kind
 * table as its bytes pass; a quoted cell taken when it holds no quote or line break and a delimiter follows it);
 * copyLine(skip, to) -> end, splitPasses.ts's writeLine of the line cut last; the passes, writeRows and surveyRows;
 * and the checks cut and surveyRows make: isValidUtf8, isPlainDecimal, labelOf.
 */
function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  const at = layout(width);
  return moduleOf([ // in the order of the *_FUNCTION indices
    { name: "cut", params: 2, result: true, locals: [[9, I32]], code: cutCode(width, at) },
    { name: "copyLine", params: 2, result: true, locals: [[6, I32]], code: copyLineCode(at) },
    { name: "writeRows", params: 5, result: true, locals: [[5, I32]], code: writeRowsCode(width, at) },
    { name: "isPlainDecimal", params: 2, result: true, locals: [[7, I32]], code: plainDecimalCode(at) },
    { name: "isValidUtf8", params: 2, result: true, locals: [[3, I32]], code: utf8Code(at) },
    { name: "labelOf", params: 2, result: true, locals: [[6, I32]], code: labelCode(at) },
    { name: "surveyRows", params: 5, result: true, locals: [[8, I32]], code: surveyRowsCode(width, at) },
  ], Math.ceil((at.buffer + 1) / PAGE));
}

const CUT_FUNCTION = 0;
const COPY_LINE_FUNCTION = 1;
const PLAIN_DECIMAL_FUNCTION = 3;
const UTF8_FUNCTION = 4;
const LABEL_FUNCTION = 5;

function cutCode(width: number, at: ReturnType<typeof layout>): number[] {
  const LINE_START = 0, LIMIT = 1, I = 2, CELLS = 3, CELL_START = 4, KIND = 5, LINE_KINDS = 6, PLAIN = 7, C = 8, J = 9, COMMA_IN = 10;
  const code = new Code();
  const byteAt = (local: number, plus = 0) => code.get(local).load8(at.buffer + plus);
  const orKind = (local: number) => code.get(KIND).get(local).load8(KINDS_TABLE).or().set(KIND);
  const isDelimiter = (local: number) => code.get(local).const(COMMA).eq().get(local).const(LF).eq().or().get(local).const(CR).eq().or();
  // refuse (to the machine) a cell longer than the limit, or one more than the header has
  const requireRoom = (length: () => void) => {
    length();
    code.const(MAX_CELL_CHARS).gtU().get(CELLS).const(width).geU().or().if(() => code.returns(BY_MACHINE));
  };
  const storeCell = (table: number, value: () => void) => {
    code.get(CELLS).const(2).shl();
    value();
    code.store(table);
  };
  const endCell = () => {
    code.get(CELLS).get(KIND).store8(at.kinds);
    code.get(LINE_KINDS).get(KIND).or().set(LINE_KINDS);
    code.get(CELLS).const(1).add().set(CELLS);
    code.const(0).set(KIND);
  };

  code.get(LINE_START).set(I).get(LINE_START).set(CELL_START).const(1).set(PLAIN);
  code.loop("scan", () => {
    code.get(I).get(LIMIT).geU().if(() => code.returns(MORE_BYTES));
    byteAt(I).set(C);
    code.get(C).const(COMMA).gtU().if(() => { // most bytes: digits, points, letters
      orKind(C);
      code.get(I).const(1).add().set(I).br("scan");
    });
    code.get(C).const(QUOTE).eq().if(() => {
      code.get(I).get(CELL_START).ne().if(() => code.returns(BY_MACHINE));
      code.const(0).set(COMMA_IN).get(I).const(1).add().set(J);
      code.block("closed", () => code.loop("quoted", () => {
        code.get(J).get(LIMIT).geU().brIf("closed");
        byteAt(J).set(C);
        code.get(C).const(QUOTE).eq().brIf("closed");
        code.get(C).const(LF).eq().get(C).const(CR).eq().or().if(() => code.returns(BY_MACHINE));
        code.get(COMMA_IN).get(C).const(COMMA).eq().or().set(COMMA_IN);
        orKind(C);
        code.get(J).const(1).add().set(J).br("quoted");
      }));
      code.get(J).const(1).add().get(LIMIT).geU().if(() => code.returns(MORE_BYTES));
      byteAt(J, 1).set(C);
      isDelimiter(C).eqz().if(() => code.returns(BY_MACHINE));
      requireRoom(() => code.get(J).get(I).sub().const(1).sub());
      storeCell(at.start, () => code.get(I).const(1).add());
      storeCell(at.end, () => code.get(J));
      storeCell(at.outStart, () => code.get(I).const(1).add().get(COMMA_IN).sub()); // the quotes kept around a comma
      storeCell(at.outEnd, () => code.get(J).get(COMMA_IN).add());
      endCell();
      code.const(0).set(PLAIN).get(J).const(1).add().set(I);
    }, () => {
      isDelimiter(C).eqz().if(() => { // a space, a sign, a control character
        orKind(C);
        code.get(I).const(1).add().set(I).br("scan");
      });
      requireRoom(() => code.get(I).get(CELL_START).sub());
      storeCell(at.start, () => code.get(CELL_START));
      storeCell(at.end, () => code.get(I));
      storeCell(at.outStart, () => code.get(CELL_START));
      storeCell(at.outEnd, () => code.get(I));
      endCell();
    });
    // the byte at I is the delimiter after a cell
    code.get(C).const(COMMA).eq().if(() => {
      code.get(I).const(1).add().tee(I).set(CELL_START).br("scan");
    });
    code.const(RESULT).get(I).store(4); // the line's end
    code.get(C).const(CR).eq().if(() => {
      code.get(I).const(1).add().get(LIMIT).geU().if(() => code.returns(MORE_BYTES));
      byteAt(I, 1).const(LF).ne().if(() => code.returns(BY_MACHINE)); // a lone CR
      code.get(I).const(1).add().set(I);
    });
    code.get(LINE_KINDS).const(NON_ASCII).and().if(() => { // valid UTF-8 without U+FFFD, or the state machine says what is wrong
      code.get(LINE_START).const(RESULT).load(4).call(UTF8_FUNCTION).eqz().if(() => code.returns(BY_MACHINE));
    });
    code.const(RESULT).get(I).const(1).add().store(0);
    code.const(RESULT).get(CELLS).store(8);
    code.const(RESULT).get(PLAIN).store(12);
    code.const(RESULT).get(LINE_START).store(20);
    code.returns(CUT);
  });
  code.unreachable(); // the loop only returns
  return code.bytes;
}

/** copyLine(skip, to) -> end: the line cut last as csvLine of its cells less the cell at `skip` (-1: none), and an LF. */
function copyLineCode(at: ReturnType<typeof layout>): number[] {
  const SKIP = 0, TO = 1, FROM = 2, COLUMN = 3, CELLS = 4, S = 5, E = 6, WRITTEN = 7;
  const code = new Code();
  const copy = (from: () => void, to: () => void) => { // the buffer's bytes [from, to) at TO, when there are any
    from();
    code.set(S);
    to();
    code.set(E);
    code.get(S).get(E).ltU().if(() => {
      code.get(TO).get(S).const(at.buffer).add().get(E).get(S).sub().copy();
      code.get(TO).get(E).get(S).sub().add().set(TO);
    });
  };
  const lineStart = () => code.const(RESULT).load(20);
  const lineEnd = () => code.const(RESULT).load(4);
  const cell = (table: number, column: () => void) => {
    column();
    return code.const(2).shl().load(table);
  };
  const putByte = (byte: number) => code.get(TO).const(byte).store8(0).get(TO).const(1).add().set(TO);

  code.get(TO).set(FROM);
  code.const(RESULT).load(12).if(() => { // plain: the line as it stands, less the cell at skip and one comma beside it
    code.get(SKIP).const(0).ltS().if(() => copy(lineStart, lineEnd), () => {
      code.get(SKIP).eqz().if(() => copy(() => cell(at.end, () => code.const(0)).const(1).add(), lineEnd), () => {
        copy(lineStart, () => cell(at.start, () => code.get(SKIP)).const(1).sub());
        copy(() => cell(at.end, () => code.get(SKIP)), lineEnd);
      });
    });
  }, () => { // a cell at a time, each as written (quoted when it holds a comma)
    code.const(RESULT).load(8).set(CELLS);
    code.block("cells", () => code.loop("cell", () => {
      code.get(COLUMN).get(CELLS).geU().brIf("cells");
      code.get(COLUMN).get(SKIP).ne().if(() => {
        code.get(WRITTEN).if(() => putByte(COMMA)); // a comma before every cell written but the first, empty or not
        code.const(1).set(WRITTEN);
        copy(() => cell(at.outStart, () => code.get(COLUMN)), () => cell(at.outEnd, () => code.get(COLUMN)));
      });
      code.get(COLUMN).const(1).add().set(COLUMN).br("cell");
    }));
  });
  code.get(TO).get(FROM).eq().if(() => { // csvLine's "" for a record whose only cell is empty
    putByte(QUOTE);
    putByte(QUOTE);
  });
  putByte(LF);
  code.get(TO);
  return code.bytes;
}

/**
 * writeRows(position, stop, limit, labelIndex, rows) -> rows taken (LineCutter.writeRows); a line is taken only when
 * its output has room for it (its bytes and three more: an LF, or "" and an LF).
 */
function writeRowsCode(width: number, at: ReturnType<typeof layout>): number[] {
  const POSITION = 0, STOP = 1, LIMIT = 2, LABEL = 3, ROWS = 4, ROW = 5, TRAINING = 6, TEST = 7, TESTS = 8, NEED = 9;
  const code = new Code();
  code.const(at.trainingOut).set(TRAINING).const(at.testOut).set(TEST);
  code.block("stopped", () => code.loop("line", () => {
    code.get(POSITION).get(STOP).geU().brIf("stopped");
    code.get(ROW).get(ROWS).geU().brIf("stopped");
    code.get(POSITION).get(LIMIT).call(CUT_FUNCTION).const(CUT).ne().brIf("stopped");
    code.const(RESULT).load(8).const(width).ne().brIf("stopped");
    code.const(RESULT).load(4).get(POSITION).sub().const(3).add().set(NEED);
    code.get(ROW).load8(at.flags).if(() => {
      code.get(TEST).get(NEED).add().const(at.testOut + OUT_BYTES).gtU().brIf("stopped");
      code.get(LABEL).get(TEST).call(COPY_LINE_FUNCTION).set(TEST);
      code.get(TESTS).const(2).shl().get(TEST).const(at.testOut).sub().store(at.testEnds);
      code.get(TESTS).const(1).add().set(TESTS);
    }, () => {
      code.get(TRAINING).get(NEED).add().const(at.trainingOut + OUT_BYTES).gtU().brIf("stopped");
      code.const(-1).get(TRAINING).call(COPY_LINE_FUNCTION).set(TRAINING);
    });
    code.const(RESULT).load(0).set(POSITION);
    code.get(ROW).const(1).add().set(ROW).br("line");
  }));
  code.const(RESULT).get(POSITION).store(0);
  code.const(RESULT).get(ROW).store(24);
  code.const(RESULT).get(TRAINING).const(at.trainingOut).sub().store(28);
  code.const(RESULT).get(TEST).const(at.testOut).sub().store(32);
  code.const(RESULT).get(TESTS).store(36);
  code.get(ROW);
  return code.bytes;
}

/**
 * isPlainDecimal(start, end) -> 0 or 1: whether the buffer's bytes [start, end), spaces around them stripped, are a
 * decimal (numbers.ts's isDecimal) of at most 38 characters whose exponent, if any, is negative or keeps it below
 * 10^38: one that surely fits a float32 (fitsFloat32). 0 leaves the cell to the full check.
 */
function plainDecimalCode(at: ReturnType<typeof layout>): number[] {
  const START = 0, END = 1, I = 2, C = 3, INTEGER = 4, FRACTION = 5, NEGATIVE = 6, EXPONENT = 7, EXPONENT_START = 8;
  const code = new Code();
  const byteAt = (local: number) => code.get(local).load8(at.buffer);
  const isDigit = () => code.get(C).const(ZERO).sub().const(10).ltU();
  /** c = the byte at I when I < END, else 0 */
  const readC = () => code.get(I).get(END).ltU().if(() => { byteAt(I).set(C); }, () => { code.const(0).set(C); });
  const digits = (count: number) => code.loop("digits", () => {
    readC();
    isDigit().if(() => {
      code.get(count).const(1).add().set(count).get(I).const(1).add().set(I).br("digits");
    });
  });
  code.block("stripped", () => code.loop("lead", () => { // spaces around it stripped
    code.get(START).get(END).geU().brIf("stripped");
    byteAt(START).const(SPACE).ne().brIf("stripped");
    code.get(START).const(1).add().set(START).br("lead");
  }));
  code.block("stripped", () => code.loop("trail", () => {
    code.get(END).get(START).ltU().get(END).get(START).eq().or().brIf("stripped");
    code.get(END).const(1).sub().load8(at.buffer).const(SPACE).ne().brIf("stripped");
    code.get(END).const(1).sub().set(END).br("trail");
  }));
  code.get(END).get(START).sub().const(1).sub().const(38).geU().if(() => code.returns(0)); // empty, or over 38 bytes
  code.get(START).set(I);
  readC();
  code.get(C).const(PLUS).eq().get(C).const(MINUS).eq().or().if(() => code.get(I).const(1).add().set(I));
  digits(INTEGER);
  code.get(C).const(POINT).eq().get(I).get(END).ltU().and().if(() => {
    code.get(I).const(1).add().set(I);
    digits(FRACTION);
  });
  code.get(INTEGER).get(FRACTION).or().eqz().if(() => code.returns(0));
  code.get(I).get(END).eq().if(() => code.returns(1));
  code.get(C).const(LOWER_E).ne().get(C).const(UPPER_E).ne().and().if(() => code.returns(0));
  code.get(I).const(1).add().set(I);
  readC();
  code.get(C).const(MINUS).eq().set(NEGATIVE);
  code.get(C).const(PLUS).eq().get(NEGATIVE).or().if(() => code.get(I).const(1).add().set(I));
  code.get(I).set(EXPONENT_START);
  code.loop("exponent", () => {
    readC();
    isDigit().if(() => {
      // at most 38 bytes, so the exponent has at most 36 digits: only its size against 38 matters, so it saturates
      code.get(EXPONENT).const(10).mul().get(C).const(ZERO).sub().add().set(EXPONENT);
      code.get(EXPONENT).const(1000).gtU().if(() => code.const(1000).set(EXPONENT));
      code.get(I).const(1).add().set(I).br("exponent");
    });
  });
  code.get(I).get(END).eq().get(I).get(EXPONENT_START).gtU().and()
    .get(NEGATIVE).get(INTEGER).get(EXPONENT).add().const(39).ltU().or().and();
  return code.bytes;
}

/**
 * isValidUtf8(start, end) -> 0 or 1: whether the buffer's bytes [start, end) are well-formed UTF-8 without U+FFFD (what
 * CsvReader refuses as a decoded U+FFFD); `cut` asks it of a line with a non-ASCII byte.
 */
function utf8Code(at: ReturnType<typeof layout>): number[] {
  const START = 0, END = 1, I = 2, C = 3, B1 = 4;
  const code = new Code();
  const byteAt = (plus: number) => code.get(I).load8(at.buffer + plus);
  const continuation = (plus: number) => byteAt(plus).const(0xc0).and().const(0x80).ne(); // 1 when not a continuation byte
  const needs = (bytes: number) => code.get(I).const(bytes - 1).add().get(END).geU(); // 1 when the sequence runs past the end
  const between = (local: number, low: number, high: number) => code.get(local).const(low).sub().const(high - low + 1).ltU();
  const advance = (bytes: number) => code.get(I).const(bytes).add().set(I).br("next");
  code.get(START).set(I);
  code.loop("next", () => {
    code.get(I).get(END).geU().if(() => code.returns(1));
    byteAt(0).set(C);
    code.get(C).const(0x80).ltU().if(() => advance(1));
    between(C, 0xc2, 0xdf).if(() => {
      needs(2).if(() => code.returns(0));
      continuation(1).if(() => code.returns(0));
      advance(2);
    });
    between(C, 0xe0, 0xef).if(() => {
      needs(3).if(() => code.returns(0));
      continuation(1);
      continuation(2).or().if(() => code.returns(0));
      byteAt(1).set(B1);
      // overlong, or a surrogate
      code.get(C).const(0xe0).eq().get(B1).const(0xa0).ltU().and().get(C).const(0xed).eq().get(B1).const(0xa0).geU().and().or()
        .if(() => code.returns(0));
      code.get(C).const(0xef).eq().get(B1).const(0xbf).eq().and().if(() => { // U+FFFD
        byteAt(2).const(0xbd).eq().if(() => code.returns(0));
      });
      advance(3);
    });
    between(C, 0xf0, 0xf4).if(() => {
      needs(4).if(() => code.returns(0));
      continuation(1);
      continuation(2).or();
      continuation(3).or().if(() => code.returns(0));
      byteAt(1).set(B1);
      // overlong, or past U+10FFFF
      code.get(C).const(0xf0).eq().get(B1).const(0x90).ltU().and().get(C).const(0xf4).eq().get(B1).const(0x90).geU().and().or()
        .if(() => code.returns(0));
      advance(4);
    });
    code.returns(0);
  });
  code.unreachable(); // the loop only returns
  return code.bytes;
}

/** labelOf(start, end) -> label id, or -1: the label cell at the buffer's [start, end) among those LineCutter.rememberLabel was given. */
function labelCode(at: ReturnType<typeof layout>): number[] {
  const START = 0, END = 1, HASH = 2, I = 3, SLOT = 4, ENTRY = 5, K = 6, CELL = 7;
  const code = new Code();
  code.const(0x811c9dc5).set(HASH).get(START).set(I);
  code.block("hashed", () => code.loop("byte", () => { // FNV-1a, as splitPasses.ts's Labels
    code.get(I).get(END).geU().brIf("hashed");
    code.get(HASH).get(I).load8(at.buffer).xor().const(0x01000193).mul().set(HASH);
    code.get(I).const(1).add().set(I).br("byte");
  }));
  code.get(HASH).const(LABEL_SLOTS - 1).and().set(SLOT);
  code.loop("probe", () => {
    code.get(SLOT).const(4).shl().const(at.labelSlots).add().set(ENTRY);
    code.get(ENTRY).load(4).eqz().if(() => code.returns(-1));
    code.get(ENTRY).load(0).get(HASH).eq().get(ENTRY).load(12).get(END).get(START).sub().eq().and().if(() => {
      code.get(ENTRY).load(8).set(CELL).const(0).set(K);
      code.block("differs", () => {
        code.loop("compare", () => {
          code.get(K).get(END).get(START).sub().geU().if(() => code.get(ENTRY).load(4).const(1).sub().return());
          code.get(CELL).get(K).add().load8(0).get(START).get(K).add().load8(at.buffer).ne().brIf("differs");
          code.get(K).const(1).add().set(K).br("compare");
        });
      });
    });
    code.get(SLOT).const(1).add().const(LABEL_SLOTS - 1).and().set(SLOT).br("probe");
  });
  code.unreachable(); // the loop only returns
  return code.bytes;
}

/** surveyRows(position, stop, limit, labelIndex, rows) -> rows taken (LineCutter.surveyRows). */
function surveyRowsCode(width: number, at: ReturnType<typeof layout>): number[] {
  const POSITION = 0, STOP = 1, LIMIT = 2, LABEL = 3, ROWS = 4, ROW = 5, TO = 6, COLUMN = 7, S = 8, E = 9, K = 10, ID = 11, CLASS = 12;
  const code = new Code();
  const cellOf = (table: number, column: number) => code.get(column).const(2).shl().load(table);
  code.const(at.lines).set(TO);
  code.block("stopped", () => code.loop("line", () => {
    code.get(POSITION).get(STOP).geU().brIf("stopped");
    code.get(ROW).get(ROWS).geU().brIf("stopped");
    code.get(POSITION).get(LIMIT).call(CUT_FUNCTION).const(CUT).ne().brIf("stopped");
    code.const(RESULT).load(8).const(width).ne().brIf("stopped");
    code.const(0).set(COLUMN);
    code.block("features", () => code.loop("feature", () => { // FeatureTypes.observe, for the cells it settles without a string
      code.get(COLUMN).const(width).geU().brIf("features");
      code.get(COLUMN).get(LABEL).ne().if(() => {
        cellOf(at.start, COLUMN).set(S);
        cellOf(at.end, COLUMN).set(E);
        code.get(COLUMN).load8(at.kinds).set(K);
        code.get(K).const(DIGITS).eq().get(E).get(S).sub().const(39).ltU().and().if(() => {
          code.get(COLUMN).const(1).store8(at.seen);
        }, () => {
          code.get(K).const(OTHER).and().eqz().if(() => {
            code.get(S).get(E).call(PLAIN_DECIMAL_FUNCTION).set(K);
          }, () => code.const(0).set(K));
          code.get(K).if(() => code.get(COLUMN).const(1).store8(at.seen), () => {
            // not plainly a number: only a missing cell is settled here, or any cell of a column known to be categorical
            code.get(COLUMN).load8(at.numeric).get(COLUMN).load8(at.seen).eqz().or().if(() => {
              code.block("missing", () => code.loop("space", () => {
                code.get(S).get(E).geU().brIf("missing");
                code.get(S).load8(at.buffer).const(SPACE).ne().brIf("stopped");
                code.get(S).const(1).add().set(S).br("space");
              }));
            });
          });
        });
      });
      code.get(COLUMN).const(1).add().set(COLUMN).br("feature");
    }));
    cellOf(at.start, LABEL).set(S);
    cellOf(at.end, LABEL).set(E);
    code.get(S).get(E).call(LABEL_FUNCTION).tee(ID).const(0).ltS().brIf("stopped");
    code.get(ID).const(3).shl().const(at.classCells).add().set(CLASS);
    // room for the class cell, the line and an LF, or "" and an LF
    code.get(TO).get(CLASS).load(4).add().const(RESULT).load(4).get(POSITION).sub().add().const(3).add()
      .const(at.lines + OUT_BYTES).gtU().brIf("stopped");
    code.get(ROW).get(ID).store8(at.rowLabels);
    code.get(ID).const(2).shl().get(ID).const(2).shl().load(at.rowsPerLabel).const(1).add().store(at.rowsPerLabel);
    code.get(TO).get(CLASS).load(0).get(CLASS).load(4).copy();
    code.get(TO).get(CLASS).load(4).add().set(TO);
    code.get(LABEL).get(TO).call(COPY_LINE_FUNCTION).set(TO);
    code.get(ROW).const(2).shl().get(TO).const(at.lines).sub().store(at.lineEnds);
    code.const(RESULT).load(0).set(POSITION);
    code.get(ROW).const(1).add().set(ROW).br("line");
  }));
  code.const(RESULT).get(POSITION).store(0);
  code.const(RESULT).get(TO).const(at.lines).sub().store(40);
  code.get(ROW);
  return code.bytes;
}
