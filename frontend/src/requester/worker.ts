// The requester's secret work off the page's thread: reading, splitting, sealing and hashing a 100 MB CSV takes
// seconds, during which the tab stays responsive. One message in (the input), progress messages and one result or
// error out. Loaded by inWorker.ts through Vite's `new Worker(new URL(...), { type: "module" })`.
import { prepareBounty, type RequesterInput } from "./requester";
import type { WorkerMessage } from "./inWorker";

self.onmessage = async (event: MessageEvent<RequesterInput>) => {
  const post = (message: WorkerMessage) => self.postMessage(message);
  try {
    const result = await prepareBounty(event.data, (progress) => post({ kind: "progress", progress }));
    post({ kind: "done", result });
  } catch (e) {
    post({ kind: "error", name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) });
  }
};
