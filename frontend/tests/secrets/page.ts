// The test page of frontend/tests/secrets.test.ts and scripts/bench-browser: the requester's library under the UI's
// CSP, driven through window.secrets. Everything it returns is plain JSON (hex, CIDs, sha256 digests, seconds), so
// the Node side compares it with the Java side's files without moving the files themselves back.
import { getBytes, hexlify } from "ethers";
import { groundTruthCommitment, sealingKeyCommitment, sealNonce } from "../../src/protocol/commitments";
import { generated } from "../../../test/helpers/random";
import { prepareBountyInWorker } from "../../src/requester/inWorker";
import type { Progress, RequesterInput } from "../../src/requester/requester";
import { sealTestInputs, unsealTestInputs } from "../../src/protocol/seal";
import { cidOf } from "../../src/ipfs/unixfs";

/** A CSV to prepare, named by its URL on the test server; byte strings as 0x-hex. */
export interface PrepareRequest {
  url: string;
  fileName: string;
  bountyId: string;
  salt: string;
  sealingKey: string;
  labelColumn: string;
  testFraction: number;
  stratified: boolean;
  classesFromNumbers?: boolean;
  /** For regression, the decimals of the targets; absent for classification. */
  targetDecimals?: number;
  /** Feature columns categorical whatever they hold. */
  categorical?: string[];
  title: string;
  license?: string;
}

export interface Prepared {
  sha256: { training: string; testInputs: string; sealedTestInputs: string; metadata: string };
  labels: string;
  metadata: string;
  trainingCid: string;
  sealedTestInputsCid: string;
  metadataCid: string;
  groundTruthCommitment: string;
  sealingKeyCommitment: string;
  /** The sealed file opened again with the key. */
  unsealsToTestInputs: boolean;
  classBalance: { classes: string[]; training: number[]; test: number[] };
  /** Every progress report, in order. */
  progress: Progress[];
  /** Seconds from the first report of a stage to the first report of the next (or the end). */
  seconds: Record<string, number>;
  inputBytes: number;
}

async function sha256(content: Blob): Promise<string> {
  return hexlify(new Uint8Array(await crypto.subtle.digest("SHA-256", await content.arrayBuffer())));
}

async function prepare(request: PrepareRequest): Promise<Prepared | { error: string; name: string }> {
  const file = new File([await (await fetch(request.url)).blob()], request.fileName);
  const input: RequesterInput = {
    file, fileName: request.fileName, bountyId: request.bountyId, salt: getBytes(request.salt), sealingKey: getBytes(request.sealingKey),
    split: { labelColumn: request.labelColumn, testFraction: request.testFraction, stratified: request.stratified,
      classesFromNumbers: request.classesFromNumbers, categorical: request.categorical,
      ...(request.targetDecimals === undefined ? {} : { task: "regression" as const, targetDecimals: request.targetDecimals }) },
    description: { title: request.title, license: request.license },
  };
  const progress: Progress[] = [];
  const started: Record<string, number> = {};
  const onProgress = (report: Progress) => {
    progress.push(report);
    started[report.stage] ??= performance.now();
  };
  const begin = performance.now();
  let prepared;
  try {
    prepared = await prepareBountyInWorker(input, onProgress);
  } catch (e) {
    return { error: (e as Error).message, name: (e as Error).name };
  }
  const end = performance.now();
  const stages = Object.keys(started);
  const seconds = Object.fromEntries(stages.map((stage, i) => [stage, ((started[stages[i + 1]] ?? end) - started[stage]) / 1000]));
  seconds.total = (end - begin) / 1000;
  const { published, secret } = prepared;
  const plain = new Uint8Array(await secret.testInputs.arrayBuffer());
  const opened = await unsealTestInputs(request.bountyId, getBytes(request.sealingKey), new Uint8Array(await published.sealedTestInputs.arrayBuffer()));
  return {
    sha256: {
      training: await sha256(published.training), testInputs: await sha256(secret.testInputs),
      sealedTestInputs: await sha256(published.sealedTestInputs), metadata: await sha256(published.metadata),
    },
    labels: hexlify(secret.labels),
    metadata: await published.metadata.text(),
    trainingCid: published.trainingCid,
    sealedTestInputsCid: published.sealedTestInputsCid,
    metadataCid: published.metadataCid,
    groundTruthCommitment: published.groundTruthCommitment,
    sealingKeyCommitment: published.sealingKeyCommitment,
    unsealsToTestInputs: hexlify(opened) === hexlify(plain),
    classBalance: prepared.classBalance,
    progress,
    seconds,
    inputBytes: file.size,
  };
}

/** A commitments.json vector as the browser computes it; `testInputs` is text, the rest 0x-hex. */
async function sealVector(vector: { bountyId: string; labels: string; labelsSalt: string; sealingKey: string; testInputs: string }) {
  const plain = new TextEncoder().encode(vector.testInputs);
  const key = getBytes(vector.sealingKey);
  const sealed = await sealTestInputs(vector.bountyId, key, plain);
  const refusal = async (bountyId: string, sealingKey: Uint8Array, bytes: Uint8Array) =>
    unsealTestInputs(bountyId, sealingKey, bytes).then(() => "opened", (e: Error) => `${e.name}: ${e.message}`);
  const otherKey = Uint8Array.from(key, (byte, i) => (i === 0 ? byte ^ 1 : byte));
  const tampered = Uint8Array.from(sealed, (byte, i) => (i === 0 ? byte ^ 1 : byte));
  const otherBounty = hexlify(getBytes(vector.bountyId).map((byte, i) => (i === 31 ? byte ^ 1 : byte)));
  return {
    sealed: hexlify(sealed),
    sealedCid: await cidOf(sealed),
    opened: new TextDecoder().decode(await unsealTestInputs(vector.bountyId, key, sealed)),
    wrongKey: await refusal(vector.bountyId, otherKey, sealed),
    tampered: await refusal(vector.bountyId, key, tampered),
    otherBounty: await refusal(otherBounty, key, sealed),
    cut: await refusal(vector.bountyId, key, sealed.subarray(0, sealed.length - 1)),
    sealNonce: sealNonce(vector.bountyId),
    groundTruthCommitment: groundTruthCommitment(vector.bountyId, getBytes(vector.labels), vector.labelsSalt),
    sealingKeyCommitment: sealingKeyCommitment(vector.bountyId, vector.sealingKey),
  };
}

/** The CID of a cids.json vector: its text, or `size` generated bytes. */
async function cidVector(vector: { content?: string; generatedSeed?: number; size?: number }): Promise<string> {
  const content = vector.content !== undefined ? [new TextEncoder().encode(vector.content)] : [...generated(vector.generatedSeed!, vector.size!)];
  return cidOf(new Blob(content as Uint8Array<ArrayBuffer>[]));
}

const secrets = { prepare, sealVector, cidVector };
export type Secrets = typeof secrets;
(window as unknown as { secrets: Secrets }).secrets = secrets;
document.body.dataset.ready = "true";
