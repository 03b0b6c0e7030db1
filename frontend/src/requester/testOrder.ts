// The test rows put in their secret order in WebAssembly: pass 2 leaves them in file order, and the order of their keys
// sends each (about 485,000 lines of 40 bytes for a 100 MiB CSV) to a random place. In JavaScript each line's copy
// cost a view or a builtin call, about 250 ns, and this runs between the passes' Workers, on one core; here a line is
// a memory.copy. Assembled by ../wasm.ts.
import { DatasetError } from "../csv";
import { Code, I32, moduleOf } from "../wasm";

const PAGE = 1 << 16;

/** Puts lines in a given order (`inOrder`). */
export class TestOrder {
  private constructor(private readonly memory: WebAssembly.Memory,
    private readonly gather: (count: number, orderAt: number, startsAt: number, linesAt: number, outAt: number) => number) {}

  static async create(): Promise<TestOrder> {
    const instance = await WebAssembly.instantiate(await compiled());
    const { memory, gather } = instance.exports as unknown as { memory: WebAssembly.Memory;
      gather: (count: number, orderAt: number, startsAt: number, linesAt: number, outAt: number) => number };
    return new TestOrder(memory, gather);
  }

  /**
   * `header`, then the lines `parts` hold, one after the other (part p's line i ending at `lineEnds[i]` in its
   * `lines`), in the order `order` gives (`order[j]` is the index, across the parts, of the line to put j-th).
   */
  inOrder(header: Uint8Array, parts: { lines: Uint8Array; lineEnds: Float64Array }[], order: Uint32Array): Uint8Array {
    const count = order.length;
    const linesLength = parts.reduce((sum, part) => sum + part.lines.length, 0);
    const startsAt = 4 * count;
    const linesAt = alignedTo16(startsAt + 4 * (count + 1));
    const outAt = alignedTo16(linesAt + linesLength);
    this.room(outAt + header.length + linesLength);
    const { buffer } = this.memory;
    new Uint32Array(buffer, 0, count).set(order);
    const starts = new Int32Array(buffer, startsAt, count + 1);
    const bytes = new Uint8Array(buffer);
    let line = 0;
    let at = 0;
    for (const part of parts) {
      for (let i = 0; i < part.lineEnds.length; i++) starts[++line] = at + part.lineEnds[i];
      bytes.set(part.lines, linesAt + at);
      at += part.lines.length;
    }
    if (line !== count) throw new Error(`${line} lines to put in an order of ${count}`);
    bytes.set(header, outAt);
    const end = this.gather(count, 0, startsAt, linesAt, outAt + header.length) >>> 0; // an i32 comes back signed: past 2 GiB, negative
    return bytes.slice(outAt, end);
  }

  /** Grows the memory to at least `bytes`; a browser that will not is named in the error. */
  private room(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    try {
      this.memory.grow(Math.ceil((bytes - have) / PAGE));
    } catch {
      throw new DatasetError(`the test rows need ${Math.ceil(bytes / 2 ** 20)} MiB of memory to be put in order, more than this browser`
        + " gives a page; post the bounty with the CLI (modelmarket bounty create), which streams the file");
    }
  }
}

/** `n` rounded up to a multiple of 16, in numbers rather than int32 bit operations, which wrap past 2 GiB. */
function alignedTo16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

let module: Promise<WebAssembly.Module> | undefined;

function compiled(): Promise<WebAssembly.Module> {
  module ??= WebAssembly.compile(moduleBytes());
  return module;
}

/** gather(count, orderAt, startsAt, linesAt, outAt) -> end: line order[j] (bytes [starts[r], starts[r + 1]) of the lines) copied j-th. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const COUNT = 0, ORDER = 1, STARTS = 2, LINES = 3, TO = 4, J = 5, START = 6, END = 7;
  const code = new Code();
  code.loop("line", () => {
    code.get(J).get(COUNT).geU().if(() => code.get(TO).return());
    code.get(J).const(2).shl().get(ORDER).add().load(0).const(2).shl().get(STARTS).add().set(START); // where starts[order[j]] is
    code.get(START).load(4).set(END).get(START).load(0).set(START);
    code.get(TO).get(LINES).get(START).add().get(END).get(START).sub().copy();
    code.get(TO).get(END).get(START).sub().add().set(TO);
    code.get(J).const(1).add().set(J).br("line");
  });
  code.unreachable(); // the loop only returns
  return moduleOf([{ name: "gather", params: 5, result: true, locals: [[3, I32]], code: code.bytes }], 1);
}
