// WebAssembly modules assembled in TypeScript, for the split's hot loops (requester/rowHashes.ts, csvCut.ts): small
// enough that their bytes are written here rather than built by a compiler and shipped as binaries; the UI's CSP allows
// compiling them ('wasm-unsafe-eval'). Opcodes are the WebAssembly Core Specification's (section 5.4).

export const I32 = 0x7f;
export const V128 = 0x7b;

/** An unsigned LEB128 number. */
export function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>>= 7;
    if (n === 0) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A signed LEB128 number. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** A function of a module: `params` i32 parameters, an i32 result when `result`, `locals` (runs of [count, type]), its code. */
export interface WasmFunction {
  name: string;
  params: number;
  result: boolean;
  locals: [number, number][];
  code: number[];
}

/**
 * A module of `functions`, each exported by its name and called by its index in the list; it defines its memory,
 * `pages` 64 KiB pages at first, and exports it as "memory".
 */
export function moduleOf(functions: WasmFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const text = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const vector = <T>(items: T[], each: (item: T, index: number) => number[]) => [...leb(items.length), ...items.flatMap(each)];
  const type = (f: WasmFunction) => [0x60, ...leb(f.params), ...Array<number>(f.params).fill(I32), ...(f.result ? [1, I32] : [0])];
  const body = (f: WasmFunction) => {
    const bytes = [...vector(f.locals, ([count, kind]) => [...leb(count), kind]), ...f.code, 0x0b];
    return [...leb(bytes.length), ...bytes];
  };
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(functions, type)), // a type a function
    ...section(3, vector(functions, (_, i) => leb(i))),
    ...section(5, [1, 0x00, ...leb(pages)]), // memory
    ...section(7, [...leb(functions.length + 1), ...text("memory"), 0x02, 0, ...functions.flatMap((f, i) => [...text(f.name), 0x00, ...leb(i)])]),
    ...section(10, vector(functions, body)),
  ]);
}

/**
 * The code of a function body, written in structured instructions: blocks and loops are named, and a branch names
 * the one it leaves (a block) or repeats (a loop), the depth being worked out here. Scalar i32 instructions only.
 */
export class Code {
  readonly bytes: number[] = [];
  private readonly labels: string[] = [];

  /** Appends raw instruction bytes. */
  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  get(local: number): this { return this.op(0x20, ...leb(local)); }
  set(local: number): this { return this.op(0x21, ...leb(local)); }
  tee(local: number): this { return this.op(0x22, ...leb(local)); }
  const(n: number): this { return this.op(0x41, ...sleb(n | 0)); }
  /** Pushes the byte at address (top of stack) + `offset`, zero-extended. */
  load8(offset: number): this { return this.op(0x2d, 0, ...leb(offset)); }
  /** Pushes the i32 at address (top of stack) + `offset`, 4-byte aligned. */
  load(offset: number): this { return this.op(0x28, 2, ...leb(offset)); }
  /** Stores the low byte of the top of stack at address (below it) + `offset`. */
  store8(offset: number): this { return this.op(0x3a, 0, ...leb(offset)); }
  /** Stores the top of stack, an i32, at address (below it) + `offset`, 4-byte aligned. */
  store(offset: number): this { return this.op(0x36, 2, ...leb(offset)); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  and(): this { return this.op(0x71); }
  or(): this { return this.op(0x72); }
  mul(): this { return this.op(0x6c); }
  xor(): this { return this.op(0x73); }
  shl(): this { return this.op(0x74); }
  shrU(): this { return this.op(0x76); }
  eqz(): this { return this.op(0x45); }
  eq(): this { return this.op(0x46); }
  ne(): this { return this.op(0x47); }
  ltS(): this { return this.op(0x48); }
  /** Unsigned comparisons. */
  ltU(): this { return this.op(0x49); }
  gtU(): this { return this.op(0x4b); }
  geU(): this { return this.op(0x4f); }
  return(): this { return this.op(0x0f); }
  /** Traps: ends a body whose loop only returns, so that the function's result type holds. */
  unreachable(): this { return this.op(0x00); }
  /** Calls function `index` of the module. */
  call(index: number): this { return this.op(0x10, ...leb(index)); }
  /** Copies n (top of stack) bytes from source (below it) to destination (below that), as memmove. */
  copy(): this { return this.op(0xfc, ...leb(10), 0, 0); }
  /** Sets n (top of stack) bytes at destination (below the value, below n) to the value. */
  fill(): this { return this.op(0xfc, ...leb(11), 0); }

  /** Returns the constant `n`. */
  returns(n: number): this { return this.const(n).return(); }

  block(name: string, body: () => void): this { return this.nested([0x02, 0x40], name, body); }
  loop(name: string, body: () => void): this { return this.nested([0x03, 0x40], name, body); }

  /** Runs `then` when the i32 on the stack is not zero, else `otherwise`. */
  if(then: () => void, otherwise?: () => void): this {
    this.op(0x04, 0x40);
    this.labels.push("");
    then();
    if (otherwise !== undefined) {
      this.op(0x05);
      otherwise();
    }
    this.labels.pop();
    return this.op(0x0b);
  }

  /** Branches to the block or loop `name`. */
  br(name: string): this { return this.op(0x0c, ...leb(this.depth(name))); }
  /** Branches to the block or loop `name` when the i32 on the stack is not zero. */
  brIf(name: string): this { return this.op(0x0d, ...leb(this.depth(name))); }

  private nested(opening: number[], name: string, body: () => void): this {
    this.op(...opening);
    this.labels.push(name);
    body();
    this.labels.pop();
    return this.op(0x0b);
  }

  private depth(name: string): number {
    const at = this.labels.lastIndexOf(name);
    if (at < 0) throw new Error(`no enclosing block or loop '${name}'`);
    return this.labels.length - 1 - at;
  }
}
