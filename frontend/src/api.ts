// The server's REST API. Errors come back as RFC 9457 problem details; their `detail` is shown as it is.

/**
 * An amount in wei as the API sends it: a decimal string of digits ("18446744073709551617"), never a JSON
 * number, which JavaScript would read as a double, exact only up to 2^53 wei. Branded, so that neither a
 * number nor an arbitrary string passes for an amount: `wei()` (format.ts) turns it into a `bigint`, the
 * only type amounts are computed with.
 */
export type Wei = string & { readonly __wei: unique symbol };

/** Every state-changing request carries this header: the server refuses POSTs without it (CSRF: a page of another site cannot send it). */
export const CLIENT_HEADER = "X-ModelMarket-Client";

export interface ChainConfig {
  chainId: number;
  /** The RPC URL a wallet may add; null when the server's holds a secret and no public one is configured. */
  rpcUrl: string | null;
  modelCoin: string;
  bountyMarket: string;
  deployBlock: number;
  airdropAmount: Wei;
  verifier: string | null;
}

/** A v2 bounty as the server's index holds it (docs/server.md, "v2 API"). */
export interface Bounty {
  id: string;
  requester: string;
  verifier: string;
  reward: Wei;
  trainerStake: Wei;
  modelDeadline: number;
  responseWindow: number;
  testSize: number;
  numClasses: number;
  maxSubmissions: number;
  /** The least score that can win, in the metric's unit (Accuracy: correct predictions). */
  minScore: number;
  metric: string;
  /** null when the chain's string is not a CID (never to be used as a link); cidProblem then says which. */
  trainingCid: string | null;
  sealedTestInputsCid: string | null;
  metadataCid: string | null;
  cidProblem: string | null;
  /** The phase as the contract's phaseOf computes it from the clock. */
  phase: string;
  /** When the current phase ends (unix seconds), 0 when it does not. */
  deadline: number;
  liveSubmissions: number;
  winner: string | null;
  /** The sealing key, once the requester released it (public from then on), as 0x-hex. */
  sealingKey: string | null;
  /** The test labels, once revealed, as 0x-hex, one class index per byte. */
  labels: string | null;
}

export interface TimelineEvent {
  block: number;
  txHash: string;
  name: string;
  payload: string;
  /** The payload's CID fields whose value is not a CID (never to be used as a link). */
  invalidCids: string[];
}

/** One trainer's submission as the leaderboard shows it. */
export interface Standing {
  trainer: string;
  sequence: number;
  status: string;
  predicted: boolean;
  claimed: number | null;
  contender: boolean;
  revealedScore: number | null;
  reproduced: boolean | null;
  slashed: string | null;
  winner: boolean;
}

export interface UnsignedTransaction {
  to: string;
  data: string;
  value: Wei;
}

export interface RegisteredModel {
  id: number;
  cid: string;
  name: string;
  description: string | null;
  author: string;
  bountyId: string | null;
  featureCount: number;
  classNames: string[];
  parameterCount: number;
  sizeBytes: number;
  accuracy: number | null;
  createdAt: string;
  downloads: number;
  predictions: number;
  rowsPredicted: number;
}

export interface VerificationReport {
  status: string;
  failure: string | null;
  rows: number;
  rowsMatched: number;
  correct: number;
  confusion: number[][] | null;
  inferenceMillis: number;
}

export class ApiError extends Error {}

async function problem(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    return new ApiError(body.detail ?? body.title ?? `${response.status} ${response.statusText}`);
  } catch {
    return new ApiError(`${response.status} ${response.statusText}`);
  }
}

export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw await problem(response);
  return response.json() as Promise<T>;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", [CLIENT_HEADER]: "web" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await problem(response);
  return response.json() as Promise<T>;
}

/**
 * Publishes a public file (training CSV, sealed test inputs, metadata, or a model at its reveal) under the CID the
 * browser computed; the server refuses a body whose CID differs. Nothing secret ever goes through here.
 */
export function uploadPublic(file: Blob, name: string, cid: string, onProgress: (share: number) => void): Promise<{ cid: string }> {
  const form = new FormData();
  form.set("cid", cid);
  form.set("file", file, name);
  return postForm(UPLOAD_PATH, form, onProgress);
}

/** The server's endpoint for public files (docs/server.md, "v2 API"). */
const UPLOAD_PATH = "/api/files";

/** POSTs a multipart form, reporting upload progress (0..1) as it goes. */
export function postForm<T>(path: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader(CLIENT_HEADER, "web");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(new ApiError("the upload failed: the server could not be reached"));
    request.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        /* not JSON */
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiError(body?.detail ?? body?.title ?? `${request.status} ${request.statusText}`));
    };
    request.send(form);
  });
}
