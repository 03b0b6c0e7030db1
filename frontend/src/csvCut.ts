// The inner loop of csvBytes.ts's reader in WebAssembly: cutting a simple line at its commas, the one loop of the
// split that reads every byte of the file (about 2.4 million lines a 100 MiB CSV, in both passes), runs two to four
// times faster compiled than as JavaScript. The reader's buffer and the cut's tables live in the module's memory, so
// JavaScript reads the cells where the cut left them, without a copy.
import { MAX_CELL_CHARS } from "./csv";
import { Code, I32, moduleOf } from "./wasm";

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const PAGE = 1 << 16;

/** Where `cut` leaves the line: the next line's start, the line's end (before its CR LF or LF), cells, whether plain, kinds. */
const RESULT = 0;
/** The kind of every byte value (csvBytes.ts's KIND), 256 bytes. */
const KINDS_TABLE = 64;
/** The cell tables: start, end, outStart, outEnd (i32 each), then kinds (a byte each), `width` entries each. */
const TABLES = 320;

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
  private result!: Int32Array;
  private readonly bufferAt: number;

  private constructor(private readonly memory: WebAssembly.Memory, readonly cut: (lineStart: number, limit: number) => number,
    private readonly width: number, kindTable: Uint8Array) {
    this.bufferAt = bufferOffset(width);
    this.views();
    new Uint8Array(memory.buffer).set(kindTable, KINDS_TABLE);
  }

  /** A cutter for records of `width` cells with a buffer of at least `capacity` bytes; `kindTable` is the kind of each byte value. */
  static async create(width: number, capacity: number, kindTable: Uint8Array): Promise<LineCutter> {
    const instance = await WebAssembly.instantiate(await compiled(width));
    const { memory, cut } = instance.exports as { memory: WebAssembly.Memory; cut: (lineStart: number, limit: number) => number };
    const cutter = new LineCutter(memory, cut, width, kindTable);
    cutter.grow(capacity);
    return cutter;
  }

  /** The cells of the line cut last. */
  get cells(): number { return this.result[2]; }
  /** Where the line after the one cut last starts. */
  get next(): number { return this.result[0]; }
  /** Where the line cut last ends, before its line end. */
  get lineEnd(): number { return this.result[1]; }
  /** Whether no cell of the line cut last is quoted. */
  get plain(): boolean { return this.result[3] === 1; }
  /** The kinds of byte of all the cells of the line cut last, ORed. */
  get lineKinds(): number { return this.result[4]; }

  /** Makes `bytes` at least `capacity` long, keeping what it holds. */
  grow(capacity: number): void {
    const needed = this.bufferAt + capacity;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE));
      this.views();
    }
  }

  private views(): void {
    const { buffer } = this.memory;
    const w = this.width;
    this.result = new Int32Array(buffer, RESULT, 5);
    this.start = new Int32Array(buffer, TABLES, w);
    this.end = new Int32Array(buffer, TABLES + 4 * w, w);
    this.outStart = new Int32Array(buffer, TABLES + 8 * w, w);
    this.outEnd = new Int32Array(buffer, TABLES + 12 * w, w);
    this.kinds = new Uint8Array(buffer, TABLES + 16 * w, w);
    this.bytes = new Uint8Array(buffer, this.bufferAt);
  }
}

/** Where the buffer starts: after the tables, on a 64-byte line. */
function bufferOffset(width: number): number {
  return (TABLES + 17 * width + 63) & ~63;
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
 * cut(lineStart, limit) -> code, the loop of ByteCsvReader.cutLine: bytes at `bufferAt + i`; a cell's kinds ORed from
 * the kind table as its bytes pass; a quoted cell taken when it holds no quote or line break and a delimiter follows it.
 */
function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  const LINE_START = 0, LIMIT = 1, I = 2, CELLS = 3, CELL_START = 4, KIND = 5, LINE_KINDS = 6, PLAIN = 7, C = 8, J = 9, COMMA_IN = 10;
  const bufferAt = bufferOffset(width);
  const START = TABLES, END = TABLES + 4 * width, OUT_START = TABLES + 8 * width, OUT_END = TABLES + 12 * width, KINDS = TABLES + 16 * width;
  const code = new Code();
  const byteAt = (local: number, plus = 0) => code.get(local).load8(bufferAt + plus);
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
    code.get(CELLS).get(KIND).store8(KINDS);
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
      storeCell(START, () => code.get(I).const(1).add());
      storeCell(END, () => code.get(J));
      storeCell(OUT_START, () => code.get(I).const(1).add().get(COMMA_IN).sub());
      storeCell(OUT_END, () => code.get(J).get(COMMA_IN).add());
      endCell();
      code.const(0).set(PLAIN).get(J).const(1).add().set(I);
    }, () => {
      isDelimiter(C).eqz().if(() => { // a space, a sign, a control character
        orKind(C);
        code.get(I).const(1).add().set(I).br("scan");
      });
      requireRoom(() => code.get(I).get(CELL_START).sub());
      storeCell(START, () => code.get(CELL_START));
      storeCell(END, () => code.get(I));
      storeCell(OUT_START, () => code.get(CELL_START));
      storeCell(OUT_END, () => code.get(I));
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
    code.returns(CUT);
  });
  code.op(0x00); // unreachable: the loop only returns
  return moduleOf("cut", 2, true, [[9, I32]], code.bytes, Math.ceil((bufferAt + 1) / PAGE));
}
