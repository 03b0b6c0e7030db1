// The requester's reveal kit: what the requester must keep between posting a bounty and revealing,
// since no server ever holds it (docs/ui.md, "What stays in the browser"): the labels and their salt (the ground
// truth), the sealing key, and what they are for. It is downloaded before the createBounty transaction is sent, and
// read back, checked against its own commitments and the market, when the key is released and the labels revealed.
import { getBytes, hexlify } from "ethers";
import { groundTruthCommitment, sealingKeyCommitment } from "../protocol/commitments";
import { kitFields } from "./kitFile";

export const REVEAL_KIT_KIND = "modelmarket/reveal-kit/2";

export interface RevealKit {
  kind: typeof REVEAL_KIT_KIND;
  chainId: number;
  /** The market's address, lower case. */
  market: string;
  bountyId: string;
  /** The requester's address, lower case. */
  requester: string;
  /** The test labels, one class index per byte (regression, numClasses 0: one fixed-point target per 4 bytes), as 0x-hex. */
  labels: string;
  salt: string;
  sealingKey: string;
  groundTruthCommitment: string;
  sealingKeyCommitment: string;
  testSize: number;
  numClasses: number;
  trainingCid: string;
  sealedTestInputsCid: string;
  metadataCid: string;
}

export interface RevealKitFields {
  chainId: number;
  market: string;
  bountyId: string;
  requester: string;
  labels: Uint8Array;
  salt: string;
  sealingKey: string;
  numClasses: number;
  trainingCid: string;
  sealedTestInputsCid: string;
  metadataCid: string;
}

/** The kit of a bounty about to be created, its commitments computed from its secrets; a numClasses of 0 is a regression bounty's. */
export function revealKit(fields: RevealKitFields): RevealKit {
  const { chainId, bountyId, labels, salt, sealingKey, numClasses, trainingCid, sealedTestInputsCid, metadataCid } = fields;
  return {
    kind: REVEAL_KIT_KIND, chainId, market: fields.market.toLowerCase(), bountyId, requester: fields.requester.toLowerCase(),
    labels: hexlify(labels), salt, sealingKey,
    groundTruthCommitment: groundTruthCommitment(bountyId, labels, salt),
    sealingKeyCommitment: sealingKeyCommitment(bountyId, sealingKey),
    testSize: numClasses === 0 ? labels.length / 4 : labels.length, numClasses, trainingCid, sealedTestInputsCid, metadataCid,
  };
}

/**
 * Reads a kit the requester kept (its file's text) for `market` on `chainId`; refused, naming what is wrong, unless
 * it is a reveal kit of that market whose labels, salt and key open its own commitments.
 */
export function readRevealKit(text: string, chainId: number, market: string): RevealKit {
  const kit = kitFields(text, "reveal kit", REVEAL_KIT_KIND, chainId, market,
    ["bountyId", "requester", "labels", "salt", "sealingKey", "trainingCid", "sealedTestInputsCid", "metadataCid"]);
  const given = kit as unknown as RevealKit;
  let opened: RevealKit;
  try {
    opened = revealKit({ ...given, labels: getBytes(given.labels) });
  } catch {
    throw new Error("the reveal kit's labels, salt or sealingKey are not hex of the right length");
  }
  if (opened.groundTruthCommitment !== String(kit.groundTruthCommitment).toLowerCase()) {
    throw new Error("the kit's labels and salt do not open its groundTruthCommitment");
  }
  if (opened.sealingKeyCommitment !== String(kit.sealingKeyCommitment).toLowerCase()) {
    throw new Error("the kit's sealingKey does not open its sealingKeyCommitment");
  }
  return opened;
}

/** The file name of a reveal kit. */
export function revealKitFileName(bountyId: string): string {
  return `reveal-kit-${bountyId.slice(2, 10)}.json`;
}
