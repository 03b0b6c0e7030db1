// The trainer's kit (docs/protocol.md, "Kits"): what a trainer must keep between the steps of a
// bounty, since nothing secret leaves the browser. It is made when the model is committed (model CID and salt) and
// completed when the predictions are (predictions and their salt); each time it is downloaded before the commitment
// transaction is sent (`keepKitThen`), so a trainer never holds a commitment it cannot open.
import { getBytes, hexlify } from "ethers";
import { modelCommitment, predictionsCommitment } from "../protocol/commitments";
import { download } from "../format";
import { kitFields } from "./kitFile";
import { cidOf } from "../ipfs/unixfs";

export const TRAINER_KIT_KIND = "modelmarket/trainer-kit/2";
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export interface TrainerKit {
  kind: typeof TRAINER_KIT_KIND;
  chainId: number;
  /** The market's address, lower case. */
  market: string;
  bountyId: string;
  /** The trainer's address, lower case. */
  trainer: string;
  modelCid: string;
  modelSalt: string;
  modelCommitment: string;
  /** `0x` and one hex byte per test row (the class index); null until the predictions are made. */
  predictions: string | null;
  predictionsSalt: string | null;
  predictionsCommitment: string | null;
}

/** A fresh 32-byte salt from the browser's CSPRNG, as `0x` hex. */
export function newSalt(): string {
  return hexlify(crypto.getRandomValues(new Uint8Array(32)));
}

/** The kit of a model commitment: the model's CID, a fresh salt (unless given) and the commitment they open. */
export function modelKit(fields: { chainId: number; market: string; bountyId: string; trainer: string; modelCid: string; modelSalt?: string }): TrainerKit {
  const market = fields.market.toLowerCase();
  const trainer = fields.trainer.toLowerCase();
  const modelSalt = fields.modelSalt ?? newSalt();
  return {
    kind: TRAINER_KIT_KIND, chainId: fields.chainId, market, bountyId: fields.bountyId, trainer,
    modelCid: fields.modelCid, modelSalt, modelCommitment: modelCommitment(fields.bountyId, trainer, fields.modelCid, modelSalt),
    predictions: null, predictionsSalt: null, predictionsCommitment: null,
  };
}

/** `kit` completed with the predictions, a fresh salt (unless given) and their commitment. */
export function withPredictions(kit: TrainerKit, predictions: Uint8Array, predictionsSalt = newSalt()): TrainerKit {
  return {
    ...kit, predictions: hexlify(predictions), predictionsSalt,
    predictionsCommitment: predictionsCommitment(kit.bountyId, kit.trainer, predictions, predictionsSalt),
  };
}

/**
 * Reads a kit the trainer kept (the JSON text of its file) for `market` on `chainId`: refused, naming what is wrong,
 * when it is not a trainer kit of that market or its CID, predictions and salts do not open its own commitments.
 */
export function readTrainerKit(text: string, chainId: number, market: string): TrainerKit {
  const kit = kitFields(text, "trainer kit", TRAINER_KIT_KIND, chainId, market,
    ["bountyId", "trainer", "modelCid", "modelSalt", "modelCommitment"]) as Partial<Record<keyof TrainerKit, unknown>>;
  for (const field of ["bountyId", "modelSalt"] as const) {
    if (!BYTES32.test(kit[field] as string)) throw new Error(`the trainer kit's ${field} is not 32 bytes of 0x-hex`);
  }
  if (!ADDRESS.test(kit.trainer as string)) throw new Error("the trainer kit's trainer is not an address");
  const opened = modelKit(kit as TrainerKit);
  if (opened.modelCommitment !== String(kit.modelCommitment).toLowerCase()) throw new Error("the kit's modelCid and modelSalt do not open its modelCommitment");
  if (kit.predictions === null || kit.predictions === undefined) return opened;
  if (typeof kit.predictions !== "string" || !/^0x([0-9a-f]{2})+$/i.test(kit.predictions) || !BYTES32.test(String(kit.predictionsSalt))) {
    throw new Error("the trainer kit's predictions or predictionsSalt are not 0x-hex");
  }
  const complete = withPredictions(opened, getBytes(kit.predictions), String(kit.predictionsSalt));
  if (complete.predictionsCommitment !== String(kit.predictionsCommitment).toLowerCase()) {
    throw new Error("the kit's predictions and predictionsSalt do not open its predictionsCommitment");
  }
  return complete;
}

/**
 * Refuses a model file other than the one the kit committed to (a trainer picks the file again after the key
 * release): predictions from another model would not be reproduced by the committed one, and its stake burned.
 */
export async function checkCommittedModel(modelBytes: Uint8Array, kit: TrainerKit): Promise<void> {
  const cid = await cidOf(modelBytes);
  if (cid !== kit.modelCid) {
    throw new Error(`this is not the model committed to: its CID is ${cid}, the kit's model is ${kit.modelCid}`);
  }
}

/** The file name of a kit: the step it was made for (the model commit, or the predictions) and the bounty. */
export function kitFileName(kit: TrainerKit): string {
  return trainerKitFileName(kit.bountyId, kit.predictions === null ? "model" : "predictions");
}

export function trainerKitFileName(bountyId: string, step: "model" | "predictions"): string {
  return `trainer-kit-${step}-${bountyId.slice(2, 10)}.json`;
}

/** Downloads `kit`, then (and only then) sends the commitment transaction that `send` makes. */
export async function keepKitThen<T>(kit: TrainerKit, send: () => Promise<T>): Promise<T> {
  download(kitFileName(kit), `${JSON.stringify(kit, null, 2)}\n`);
  return send();
}
