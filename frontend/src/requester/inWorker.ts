// The page's side of worker.ts: runs prepareBounty in a module Web Worker (the CSP's worker-src 'self' allows it)
// and relays its progress; an error comes back with the name and message it had in the worker.
import type { PreparedBounty, Progress, RequesterInput } from "./requester";

export type WorkerMessage =
  | { kind: "progress"; progress: Progress }
  | { kind: "done"; result: PreparedBounty }
  | { kind: "error"; name: string; message: string };

/** prepareBounty in a Web Worker: the same result, without blocking the page. */
export function prepareBountyInWorker(input: RequesterInput, onProgress: (progress: Progress) => void = () => {}): Promise<PreparedBounty> {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "modelmarket-requester" });
  return new Promise<PreparedBounty>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.kind === "progress") {
        onProgress(message.progress);
        return;
      }
      worker.terminate();
      if (message.kind === "done") {
        resolve(message.result);
      } else {
        const error = new Error(message.message);
        error.name = message.name;
        reject(error);
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the requester's worker failed: ${event.message}`));
    };
    worker.postMessage(input);
  });
}
