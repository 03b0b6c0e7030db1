// One range of the split in a Web Worker (splitHelpers.ts starts it): each request runs a pass over the records that
// start in its range and answers with progress messages and the pass's result (its buffers transferred) or an error.
import { ByteCsvReader } from "../csvBytes";
import type { SplitReply, SplitRequest } from "./splitHelpers";
import { surveyRange, writeRange } from "./splitPasses";

self.onmessage = async (event: MessageEvent<SplitRequest>) => {
  const request = event.data;
  const post = (reply: SplitReply, transfer: Transferable[] = []) => self.postMessage(reply, { transfer });
  try {
    const { task, start } = request;
    const reader = await ByteCsvReader.openRange(task.file, task.source, task.header, start, request.end, (bytes) => post({ kind: "progress", bytes: bytes - start }));
    if (request.kind === "survey") {
      const result = await surveyRange(reader, task.labelColumn, task.labelIndex, task.categorical, task.seed, task.targetDecimals);
      post({ kind: "done", result }, [result.rowLabels.buffer, result.rowTargets.buffer, result.high.buffer, result.low.buffer,
        result.orderHigh.buffer, result.orderLow.buffer, result.numeric.buffer, result.seen.buffer]);
    } else {
      const result = await writeRange(reader, task.labelIndex, request.rows, request.isTest, request.testRows);
      const buffers = new Set<ArrayBuffer>([result.testLines, result.testLineEnds, result.testLabels, ...result.training]
        .map((array) => array.buffer as ArrayBuffer));
      post({ kind: "done", result }, [...buffers]);
    }
  } catch (e) {
    post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
  }
};
