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
  /** The ERC-792 arbitrator of the market's disputes. */
  arbitrator: string;
  /** What a dispute costs now, in wei: a new bounty's fee bond, a disputer's fee (the wallet reads it again before sending). */
  arbitrationCost: Wei;
}

/** A bounty as the server's index holds it (docs/server.md, "API"). */
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
  /** "Accuracy" or "MeanAbsoluteError" (a regression bounty). */
  metric: string;
  /** The error, in units of the target's last decimal, from which a prediction scores 0 (MeanAbsoluteError; 0 for Accuracy). */
  maxError: number;
  /** The least score that can win, in the metric's unit (Accuracy: correct predictions; MeanAbsoluteError: Σ (maxError − error)). */
  minScore: number;
  /** The best score: testSize for Accuracy, maxError × testSize for MeanAbsoluteError. */
  maxScore: number;
  /** null when the chain's string is not a CID (never to be used as a link); cidProblem then says which. */
  trainingCid: string | null;
  sealedTestInputsCid: string | null;
  metadataCid: string | null;
  cidProblem: string | null;
  /** The released sealing key (0x-hex), null until KeyReleased. */
  sealingKey: string | null;
  /** The phase as the contract's phaseOf answers at `now`. */
  phase: string;
  /** When that phase ends (unix seconds), 0 when it does not. */
  phaseDeadline: number;
  storedPhase: string;
  /** The chain's clock as the server sees it. */
  now: number;
  liveSubmissions: number;
  predicted: number;
  contenders: number;
  candidates: number;
  winner: string | null;
  winningScore: number | null;
  /** The verification's proposal as recorded on chain (the zero address: nobody reproduces); null before one. */
  proposedWinner: string | null;
}

/** The verification's proposal: `winner` null means "nobody reproduces"; `source` says who proposed it. */
export interface Proposal {
  winner: string | null;
  /** "verifier": the verifier's round; "default": a silent verifier's default, the best candidate it did not reject. */
  source: "verifier" | "default";
}

/** A dispute the market raised with its arbitrator (docs/protocol.md, "Disputes"). */
export interface Dispute {
  disputeId: string;
  /** "TestInputs" or "Verification". */
  kind: string;
  disputer: string;
  /** The arbitration fee paid, in wei (ether). */
  fee: Wei;
  /** The tokens deposited, in wei (MDC). */
  deposit: Wei;
  raisedBlock: number;
  /** The ruling applied (a decimal string), null until the arbitrator rules. */
  ruling: string | null;
  /** Whether the ruling changed the disputed decision; null until ruled. */
  overturned: boolean | null;
  ruledBlock: number | null;
}

/** ERC-1497 evidence: `uri` is `/ipfs/<cid>`, or null when the string on chain is not one (never a link then). */
export interface Evidence {
  block: number;
  logIndex: number;
  party: string;
  uri: string | null;
}

/** GET /api/bounties/{id}: the bounty, its events, and what keeps its verifier from judging it, if anything. */
export interface BountyDetail {
  bounty: Bounty;
  timeline: TimelineEvent[];
  /** A sentence on what keeps the verifier from judging this bounty now ("… its sandbox worker did not start; retrying"); null when nothing. */
  verifierProblem?: string | null;
  /** The verification's proposal from Challenging on; null before. */
  proposal?: Proposal | null;
  disputes?: Dispute[];
  evidence?: Evidence[];
}

export interface TimelineEvent {
  block: number;
  txHash: string;
  name: string;
  payload: string;
  /** The payload's CID fields whose value is not a CID (never to be used as a link). */
  invalidCids: string[];
}

/** One trainer's submission, as the contract ranks claims; null fields have not happened (yet). */
export interface Standing {
  trainer: string;
  sequence: number;
  predicted: boolean;
  claimed: number | null;
  contender: boolean;
  revealedScore: number | null;
  modelCid: string | null;
  reproduced: boolean | null;
  reportCid: string | null;
  slashed: string | null;
  winner: boolean;
  settled: boolean;
  /** The arbitrator's ruling on a Verification dispute named it the best candidate whose model reproduces. */
  ruledBest: boolean;
}

/** The bounty's counts after one event, cumulative, for the charts. */
export interface Activity {
  block: number;
  time: number;
  models: number;
  predictions: number;
  claims: number;
  reveals: number;
  verified: number;
  rejected: number;
}

export interface RegisteredModel {
  id: number;
  cid: string;
  name: string;
  description: string | null;
  author: string;
  bountyId: string | null;
  featureCount: number;
  /** Its features in CSV order: "float32" (numeric, a number or missing) or "string" (categorical, any text or missing). */
  features: { name: string; type: "float32" | "string" }[];
  /** "classification" (predicts classes) or "regression" (numbers). */
  task: string;
  /** Empty for regression. */
  classNames: string[];
  /** A regression model's target decimals (its predictions' precision); null for classification. */
  targetDecimals: number | null;
  parameterCount: number;
  sizeBytes: number;
  accuracy: number | null;
  /** A regression model's verified mean absolute error, in the target's unit; null for classification. */
  meanAbsoluteError: number | null;
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

export class ApiError extends Error {
  constructor(message: string, readonly status = 0) {
    super(message);
  }
}

async function problem(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    return new ApiError(body.detail ?? body.title ?? `${response.status} ${response.statusText}`, response.status);
  } catch {
    return new ApiError(`${response.status} ${response.statusText}`, response.status);
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

/** The public files of a bounty and a dispute's evidence, each under its own upload endpoint (docs/server.md, "API"). */
export type PublicFile = "training" | "sealed-test-inputs" | "metadata" | "evidence";

/**
 * Publishes a public file under the CID the browser computed (the server refuses a body whose CID differs, naming
 * both). Nothing secret goes through here: a bounty's three public files, and a model once its reveal is indexed.
 */
export function uploadPublic(path: string, cid: string, body: Blob, onProgress: (share: number) => void): Promise<{ cid: string }> {
  return send<{ cid: string }>("POST", `${path}?cid=${encodeURIComponent(cid)}`, body, onProgress);
}

export const filePath = (kind: PublicFile) => `/api/files/${kind}`;
export const modelPath = (bountyId: string) => `/api/bounties/${bountyId}/models`;

/** POSTs a multipart form, reporting upload progress (0..1) as it goes. */
export function postForm<T>(path: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return send<T>("POST", path, form, onProgress);
}

/** Sends a body with XMLHttpRequest, which (unlike fetch) reports upload progress (0..1). */
function send<T>(method: string, path: string, body: XMLHttpRequestBodyInit, onProgress: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader(CLIENT_HEADER, "web");
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(new ApiError("the upload failed: the server could not be reached"));
    request.onload = () => {
      let answer: any = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        /* not JSON */
      }
      if (request.status >= 200 && request.status < 300) resolve(answer as T);
      else reject(new ApiError(answer?.detail ?? answer?.title ?? `${request.status} ${request.statusText}`, request.status));
    };
    request.send(body);
  });
}
