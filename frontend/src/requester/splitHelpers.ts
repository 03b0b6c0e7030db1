// The split's passes on every core: the file cut at line starts into one range per Web Worker (splitWorker.ts), each
// pass run on all ranges at once, the results put together in file order by split.ts. A cut is right only if no record
// runs across it (a quoted cell may hold a line break): each range reports where its reading stopped, and a survey
// whose ranges do not meet comes back null, as does one where a range met bad input, for split.ts to read the file
// on one thread from its start, which names the line of an error. Workers come from 'self', as the CSP's worker-src
// asks.
import type { RangeOutput, RangeSurvey, RowLabels } from "./splitPasses";

/** What every range of a split shares. */
export interface SplitTask {
  file: Blob;
  source: string;
  header: readonly string[];
  labelColumn: string;
  labelIndex: number;
  /** The header columns that are categorical features whatever they hold. */
  categorical: number[];
  seed: Uint8Array;
  /** For regression, the decimals of the fixed-point targets; absent for classification. */
  targetDecimals?: number;
}

export type SplitRequest =
  | { kind: "survey"; task: SplitTask; start: number; end: number }
  | { kind: "write"; task: SplitTask; start: number; end: number; rows: RowLabels; isTest: Uint8Array; testRows: number };

export type SplitReply =
  | { kind: "progress"; bytes: number }
  | { kind: "done"; result: RangeSurvey | RangeOutput }
  | { kind: "error"; message: string };

/** The most Workers a split starts. */
const MAX_HELPERS = 4;
/** How far past a nominal cut a line start is looked for. */
const CUT_WINDOW = 1 << 16;

export class SplitHelpers {
  private constructor(private readonly task: SplitTask, private readonly workers: Worker[], private readonly bounds: number[]) {}

  /** Workers for the records of `task.file` from `dataStart` on, one a core; null when the file is not cut. */
  static async start(task: SplitTask, dataStart: number): Promise<SplitHelpers | null> {
    const bounds = await cutRanges(task.file, dataStart, Math.min(MAX_HELPERS, navigator.hardwareConcurrency || 2));
    if (bounds.length < 3) return null;
    const workers = bounds.slice(1).map(() => new Worker(new URL("./splitWorker.ts", import.meta.url), { type: "module", name: "modelmarket-split" }));
    return new SplitHelpers(task, workers, bounds);
  }

  /** Pass 1 on every range; null when a range met bad input or the ranges do not meet. */
  async survey(onBytes: (bytesRead: number) => void): Promise<RangeSurvey[] | null> {
    const { task, bounds } = this;
    let ranges: RangeSurvey[];
    try {
      ranges = await this.run((k) => ({ kind: "survey", task, start: bounds[k], end: bounds[k + 1] }), onBytes) as RangeSurvey[];
    } catch {
      return null;
    }
    return ranges.every((range, k) => range.end === bounds[k + 1]) ? ranges : null;
  }

  /** Pass 2 on every range, given each range's rows' labels and test flags. */
  async write(rows: RowLabels[], isTest: Uint8Array[], testRows: number[], onBytes: (bytesRead: number) => void): Promise<RangeOutput[]> {
    const { task, bounds } = this;
    return await this.run((k) => ({ kind: "write", task, start: bounds[k], end: bounds[k + 1], rows: copied(rows[k]), isTest: isTest[k].slice(),
      testRows: testRows[k] }), onBytes) as RangeOutput[];
  }

  close(): void {
    for (const worker of this.workers) worker.terminate();
  }

  private run(request: (k: number) => SplitRequest, onBytes: (bytesRead: number) => void): Promise<(RangeSurvey | RangeOutput)[]> {
    const read = this.workers.map(() => 0);
    return Promise.all(this.workers.map((worker, k) => new Promise<RangeSurvey | RangeOutput>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<SplitReply>) => {
        const reply = event.data;
        if (reply.kind === "progress") {
          read[k] = reply.bytes;
          onBytes(this.bounds[0] + read.reduce((sum, bytes) => sum + bytes, 0));
        } else if (reply.kind === "done") {
          resolve(reply.result);
        } else {
          reject(new Error(reply.message));
        }
      };
      worker.onerror = (event) => reject(new Error(`the split's worker failed: ${event.message}`));
      worker.postMessage(request(k));
    })));
  }
}

/** A range's labels in arrays of their own: a view into a larger array would be posted with all of it. */
function copied(rows: RowLabels): RowLabels {
  return "rowTargets" in rows ? { rowTargets: rows.rowTargets.slice() } : { classCells: rows.classCells, rowClasses: rows.rowClasses.slice() };
}

/** `[start, cuts..., file.size]`: `count` ranges of about the same size, each cut just after a line feed. */
async function cutRanges(file: Blob, start: number, count: number): Promise<number[]> {
  const bounds = [start];
  for (let k = 1; k < count; k++) {
    const nominal = start + Math.floor(((file.size - start) * k) / count);
    if (nominal <= bounds[bounds.length - 1]) continue;
    const bytes = new Uint8Array(await file.slice(nominal, nominal + CUT_WINDOW).arrayBuffer());
    const lineFeed = bytes.indexOf(0x0a);
    if (lineFeed >= 0 && nominal + lineFeed + 1 < file.size) bounds.push(nominal + lineFeed + 1);
  }
  bounds.push(file.size);
  return bounds;
}
