// The requester's secret work, all of it in the browser (no server ever holds a secret): split the labelled CSV, seal
// the test inputs, commit to the ground truth and the sealing key, and compute the CIDs of the three public files.
// What comes out is split in two: `published` (the files to upload and their CIDs, the commitments for the
// transaction) and `secret` (labels, salt, key: the reveal kit, to be saved before the transaction is sent and never
// sent to a server).
import { hexlify } from "ethers";
import { groundTruthCommitment, sealingKeyCommitment } from "../protocol/commitments";
import { plainBytes } from "../bytes";
import { metadataForSplit, metadataJson, type BountyMetadata, type Description } from "./metadata";
import { newSealingKey, sealTestInputs } from "../protocol/seal";
import { splitDataset, type SplitOptions } from "./split";
import { cidOf } from "../ipfs/unixfs";

export type { Description } from "./metadata";

/** The stages a requester's page shows, in order. */
export type Stage = "reading" | "splitting" | "sealing" | "hashing";

/** How far a stage is: `done` of `total` bytes (sealing reports 0 then all of it: WebCrypto seals in one call). */
export interface Progress {
  stage: Stage;
  done: number;
  total: number;
}

export interface RequesterInput {
  /** The labelled CSV the requester picked. */
  file: Blob;
  /** Its name, used in error messages. */
  fileName: string;
  /** The bounty id (0x-hex bytes32) the transaction will create: the seal and the commitments are bound to it. */
  bountyId: string;
  split: Omit<SplitOptions, "salt">;
  description: Description;
  /** The ground-truth salt; 32 fresh random bytes when absent (only tests give one). */
  salt?: Uint8Array;
  /** The sealing key; 32 fresh random bytes when absent (only tests give one). */
  sealingKey?: Uint8Array;
}

export interface PreparedBounty {
  /** What goes to the server and the chain. */
  published: {
    training: Blob;
    sealedTestInputs: Blob;
    metadata: Blob;
    trainingCid: string;
    sealedTestInputsCid: string;
    metadataCid: string;
    groundTruthCommitment: string;
    sealingKeyCommitment: string;
    testSize: number;
  };
  /** What stays with the requester until the reveal: the reveal kit's contents and the plain test inputs. */
  secret: {
    labels: Uint8Array;
    groundTruthSalt: string;
    sealingKey: string;
    testInputs: Blob;
  };
  metadata: BountyMetadata;
  /** Rows per class in the training and the test set, for the class-balance picture (no classes for regression). */
  classBalance: { classes: string[]; training: number[]; test: number[] };
  /** For regression, the fixed-point targets of the training and the test rows and their decimals, for the targets' picture. */
  targets?: { decimals: number; training: Int32Array; test: Int32Array };
}

/** Splits (classification or regression), seals, commits and hashes, reporting progress; throws a DatasetError naming the row and column on bad input. */
export async function prepareBounty(input: RequesterInput, onProgress: (progress: Progress) => void = () => {}): Promise<PreparedBounty> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(input.bountyId)) throw new Error(`the bounty id must be 0x and 64 hex digits, got '${input.bountyId}'`);
  const salt = input.salt ?? crypto.getRandomValues(new Uint8Array(32));
  const key = input.sealingKey ?? newSealingKey();
  const options: SplitOptions = { ...input.split, salt };
  const split = await splitDataset(input.file, input.fileName, options, (stage, done, total) => onProgress({ stage, done, total }));
  const metadata = metadataForSplit(input.description, options, split);

  onProgress({ stage: "sealing", done: 0, total: split.testInputs.length });
  const sealed = await sealTestInputs(input.bountyId, key, split.testInputs);
  onProgress({ stage: "sealing", done: split.testInputs.length, total: split.testInputs.length });

  const files = {
    training: split.training,
    sealed: new Blob([plainBytes(sealed)]),
    metadata: new Blob([plainBytes(metadataJson(metadata))], { type: "application/json" }),
  };
  const total = files.training.size + files.sealed.size + files.metadata.size;
  let hashed = 0;
  const hash = async (file: Blob): Promise<string> => {
    const cid = await cidOf(file, (bytes) => onProgress({ stage: "hashing", done: hashed + bytes, total }));
    hashed += file.size;
    return cid;
  };
  const trainingCid = await hash(files.training);
  const sealedTestInputsCid = await hash(files.sealed);
  const metadataCid = await hash(files.metadata);

  const saltHex = hexlify(salt);
  const keyHex = hexlify(key);
  return {
    published: {
      training: files.training,
      sealedTestInputs: files.sealed,
      metadata: files.metadata,
      trainingCid,
      sealedTestInputsCid,
      metadataCid,
      groundTruthCommitment: groundTruthCommitment(input.bountyId, split.labels, saltHex),
      sealingKeyCommitment: sealingKeyCommitment(input.bountyId, keyHex),
      testSize: split.testRows,
    },
    secret: {
      labels: split.labels,
      groundTruthSalt: saltHex,
      sealingKey: keyHex,
      testInputs: new Blob([plainBytes(split.testInputs)], { type: "text/csv" }),
    },
    metadata,
    classBalance: { classes: split.classes, training: split.trainingPerClass, test: split.testPerClass },
    targets: split.targets && { decimals: options.targetDecimals ?? 0, ...split.targets },
  };
}
