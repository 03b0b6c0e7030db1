// The inner loop of csvBytes.ts's reader in WebAssembly: cutting a simple line at its commas, the one loop of the
// split that reads every byte of the file (about 2.4 million lines a 100 MiB CSV, in both passes), runs two to four
// times faster compiled than as JavaScript; and the split's pass 2 over simple lines (writeRows: cut, then the line
// copied to the training or the test rows), so that JavaScript touches those a few thousand at a time, not one by one.
// The reader's buffer, the cut's tables and pass 2's outputs live in the module's memory, so JavaScript reads them
// where the module left them.
import { MAX_CELL_CHARS } from "./csv";
import { Code, I32, moduleOf } from "./wasm";

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const PAGE = 1 << 16;

/**
 * Where the module leaves its results, as i32s: the next line's start (after `cut`, or where writeRows stopped), the
 * line's end (before its CR LF or LF), its cells, whether plain, its kinds, its start; writeRows' rows taken, training
 * bytes, test bytes and test rows.
 */
const RESULT = 0;
/** The kind of every byte value (csvBytes.ts's KIND), 256 bytes. */
const KINDS_TABLE = 64;
/** The cell tables: start, end, outStart, outEnd (i32 each), then kinds (a byte each), `width` entries each. */
const TABLES = 320;
/** Rows writeRows takes at most a call: their test flags are copied in before. */
export const ROW_WINDOW = 1 << 15;
/** Bytes of each of writeRows' outputs (training lines, test lines). */
const OUT_BYTES = 1 << 20;

/** Where each region of the memory of a cutter of `width` cells starts; the read buffer is last, so that it can grow. */
function layout(width: number) {
  const flags = (TABLES + 17 * width + 63) & ~63;
  const testEnds = flags + ROW_WINDOW;
  const trainingOut = testEnds + 4 * ROW_WINDOW;
  const testOut = trainingOut + OUT_BYTES;
  return { start: TABLES, end: TABLES + 4 * width, outStart: TABLES + 8 * width, outEnd: TABLES + 12 * width, kinds: TABLES + 16 * width,
    flags, testEnds, trainingOut, testOut, buffer: testOut + OUT_BYTES };
}

/** What `cut` found: a line cut, or why not (ByteCsvReader.cutLine's codes). */
export const CUT = 1;
export const MORE_BYTES = 0;
export const BY_MACHINE = -1;

/**
 * The line cutter of a reader of `width` cells a record: `cut(lineStart, limit)` cuts the line at `bytes[lineStart]`
 * as ByteCsvReader.cutLine describes and, when it returns CUT, leaves each cell's ranges in `start`, `end`,
 * `outStart`, `outEnd` and its kinds of byte in `kinds`, and the line's facts in `cells`, `next`, `lineEnd`, `plain`
 * and `lineKinds`. `bytes` is the reader's buffer; `grow` makes it larger (and every view new).
 */
export class LineCutter {
  bytes!: Uint8Array;
  start!: Int32Array;
  end!: Int32Array;
  outStart!: Int32Array;
  outEnd!: Int32Array;
  kinds!: Uint8Array;
  /** writeRows' input, a test flag a row, and outputs: each test line's end in `testOut`, the training and test lines. */
  flags!: Uint8Array;
  testEnds!: Int32Array;
  trainingOut!: Uint8Array;
  testOut!: Uint8Array;
  private result!: Int32Array;

  private constructor(private readonly memory: WebAssembly.Memory, private readonly exports: CutterExports, private readonly width: number,
    kindTable: Uint8Array) {
    this.views();
    new Uint8Array(memory.buffer).set(kindTable, KINDS_TABLE);
  }

  /** A cutter for records of `width` cells with a buffer of at least `capacity` bytes; `kindTable` is the kind of each byte value. */
  static async create(width: number, capacity: number, kindTable: Uint8Array): Promise<LineCutter> {
    const instance = await WebAssembly.instantiate(await compiled(width));
    const exports = instance.exports as unknown as CutterExports;
    const cutter = new LineCutter(exports.memory, exports, width, kindTable);
    cutter.grow(capacity);
    return cutter;
  }

  cut(lineStart: number, limit: number): number {
    return this.exports.cut(lineStart, limit);
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

  /** The cells of the line cut last. */
  get cells(): number { return this.result[2]; }
  /** Where the line after the one cut last starts, or where writeRows stopped. */
  get next(): number { return this.result[0]; }
  /** Where the line cut last ends, before its line end. */
  get lineEnd(): number { return this.result[1]; }
  /** Whether no cell of the line cut last is quoted. */
  get plain(): boolean { return this.result[3] === 1; }
  /** The kinds of byte of all the cells of the line cut last, ORed. */
  get lineKinds(): number { return this.result[4]; }
  get trainingBytes(): number { return this.result[7]; }
  get testBytes(): number { return this.result[8]; }
  get testRows(): number { return this.result[9]; }

  /** Makes `bytes` at least `capacity` long, keeping what it holds. */
  grow(capacity: number): void {
    const needed = layout(this.width).buffer + capacity;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
      this.views();
    }
  }

  private views(): void {
    const { buffer } = this.memory;
    const { width } = this;
    const at = layout(width);
    this.result = new Int32Array(buffer, RESULT, 10);
    this.start = new Int32Array(buffer, at.start, width);
    this.end = new Int32Array(buffer, at.end, width);
    this.outStart = new Int32Array(buffer, at.outStart, width);
    this.outEnd = new Int32Array(buffer, at.outEnd, width);
    this.kinds = new Uint8Array(buffer, at.kinds, width);
    this.flags = new Uint8Array(buffer, at.flags, ROW_WINDOW);
    this.testEnds = new Int32Array(buffer, at.testEnds, ROW_WINDOW);
    this.trainingOut = new Uint8Array(buffer, at.trainingOut, OUT_BYTES);
    this.testOut = new Uint8Array(buffer, at.testOut, OUT_BYTES);
    this.bytes = new Uint8Array(buffer, at.buffer);
  }
}

interface CutterExports {
  memory: WebAssembly.Memory;
  cut(lineStart: number, limit: number): number;
  writeRows(position: number, stop: number, limit: number, labelIndex: number, rows: number): number;
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
 * function 1, copyLine(skip, to) -> end, splitPasses.ts's writeLine of the line cut last; function 2, writeRows.
 */
function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  const at = layout(width);
  return moduleOf([
    { name: "cut", params: 2, result: true, locals: [[9, I32]], code: cutCode(width, at) },
    { name: "copyLine", params: 2, result: true, locals: [[6, I32]], code: copyLineCode(at) },
    { name: "writeRows", params: 5, result: true, locals: [[5, I32]], code: writeRowsCode(width, at) },
  ], Math.ceil((at.buffer + 1) / PAGE));
}

const CUT_FUNCTION = 0;
const COPY_LINE_FUNCTION = 1;

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
    code.const(RESULT).get(I).const(1).add().store(0);
    code.const(RESULT).get(CELLS).store(8);
    code.const(RESULT).get(PLAIN).store(12);
    code.const(RESULT).get(LINE_KINDS).store(16);
    code.const(RESULT).get(LINE_START).store(20);
    code.returns(CUT);
  });
  code.op(0x00); // unreachable: the loop only returns
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
