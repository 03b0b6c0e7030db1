// A trainer's ONNX model, checked against the bounty's terms and loaded into ONNX Runtime Web (WebAssembly, one
// thread, on the page). The runtime is loaded on first use only, and its .wasm file is a Vite asset served by our
// own server like every other file of the UI: nothing is fetched from a CDN (docs/ui.md, "The trainer's work").
import type { InferenceSession } from "onnxruntime-web/wasm";
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import { inspectModel, type ModelInspection } from "./inspect";
import { ModelProblem } from "./problems";
import { featureColumns, type BountyTerms } from "./terms";

/** A model the verifier would accept for the bounty, ready to run. */
export interface TrainerModel {
  bytes: Uint8Array;
  inspection: ModelInspection;
  terms: BountyTerms;
  session: InferenceSession;
}

type OnnxRuntime = typeof import("onnxruntime-web/wasm");
let runtime: Promise<OnnxRuntime> | null = null;

/** ONNX Runtime Web, loaded once, told where our copy of its WebAssembly is and to use one thread (no workers). */
export function onnxRuntime(): Promise<OnnxRuntime> {
  runtime ??= import("onnxruntime-web/wasm").then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, document.baseURI).href };
    ort.env.wasm.numThreads = 1; // threads need cross-origin isolation, which the UI does not ask for
    ort.env.wasm.proxy = false;
    return ort;
  }, (error: unknown) => {
    runtime = null; // a failed download is tried again on the next call
    throw error;
  });
  return runtime;
}

/**
 * Reads the trainer's model (a picked `File` or its bytes), checks it against `terms` exactly as the verifier will
 * (`ModelProblem` "refused" with the verifier's words otherwise), and loads it into ONNX Runtime.
 */
export async function loadModel(source: Blob | Uint8Array, terms: BountyTerms): Promise<TrainerModel> {
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(await source.arrayBuffer());
  const inspection = inspectModel(bytes, featureColumns(terms), terms.classCount, terms.outputName);
  const ort = await onnxRuntime();
  try {
    // ORT may transfer or keep the buffer it is given: it gets a copy, and `bytes` stays the file's bytes.
    const session = await ort.InferenceSession.create(bytes.slice(), { executionProviders: ["wasm"] });
    return { bytes, inspection, terms, session };
  } catch (error) {
    throw new ModelProblem("failed", `ONNX Runtime cannot load the model: ${error instanceof Error ? error.message : String(error)}`);
  }
}
