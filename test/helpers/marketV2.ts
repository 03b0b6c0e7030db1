// A driver for BountyMarketV2 tests: deploys ModelCoin + BountyMarketV2, computes the v2 commitments of
// scripts/lib/protocol.ts, walks a bounty through its phases, and checks the balance invariant (the burn
// address included) after every step it takes.
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { sha256, type ContractTransactionResponse } from "ethers";
import * as protocol from "../../scripts/lib/protocol.js";
import { EscrowWorld, MDC, ZERO_ADDRESS, deployFunded, useWorld, type AnyContract } from "./market.js";

export { MDC, ZERO_ADDRESS, type AnyContract } from "./market.js";
export { countMatches, predictionsWithErrors, prng, randomLabels } from "../../scripts/lib/protocol.js";

export const WINDOW = 3600n; // the shortest window the contract accepts
export const BURN = "0x000000000000000000000000000000000000dEaD";

export enum Phase {
  None,
  Open,
  KeyRelease,
  Predicting,
  AwaitingGroundTruth,
  Claiming,
  Revealing,
  Verifying,
  Completed,
  NoWinner,
  Cancelled,
  RequesterSlashed,
  Refunded,
}

export enum Status {
  None,
  Committed,
  Predicted,
  Claimed,
  Revealed,
  Slashed,
  Won,
  Settled,
}

export enum SlashReason {
  ScoreMismatch,
  NotReproduced,
}

/** A well-formed CIDv1 (`ba` + 57 base32 letters) derived from `seed`, different for every seed. */
export function cid(seed: string): string {
  const hex = sha256(new TextEncoder().encode(seed)).slice(2);
  const letters = [...hex].map((digit) => "abcdefghijklmnop"[parseInt(digit, 16)]).join("");
  return `bafkrei${letters.slice(0, 52)}`;
}

export interface BountyV2 {
  id: string;
  labels: Uint8Array;
  salt: string;
  key: string;
  requester: HardhatEthersSigner;
  verifier: HardhatEthersSigner;
  reward: bigint;
  stake: bigint;
  deadline: bigint;
  window: bigint;
  numClasses: number;
  minScore: number;
}

export interface Entry {
  trainer: HardhatEthersSigner;
  predictions: Uint8Array;
  predictionsSalt: string;
  modelCid: string;
  modelSalt: string;
}

export interface BountyV2Options {
  requester?: HardhatEthersSigner;
  verifier?: HardhatEthersSigner;
  testSize?: number;
  numClasses?: number;
  reward?: bigint;
  stake?: bigint;
  window?: bigint;
  maxSubmissions?: number;
  minScore?: number;
  deadlineIn?: bigint;
  labels?: Uint8Array;
  seed?: number;
}

/** {@link useWorld} with a v2 market. */
export function useMarketV2World(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  use: (world: MarketV2World) => void,
): void {
  async function deployMarket() {
    return MarketV2World.deploy(ethers, helpers);
  }
  useWorld(helpers, deployMarket, use);
}

export class MarketV2World extends EscrowWorld<BountyV2Options, BountyV2> {
  /** Deploys a ModelCoin (or `token`) and a v2 market, and funds and approves every signer. */
  static async deploy(ethers: HardhatEthers, helpers: NetworkHelpers, token?: AnyContract): Promise<MarketV2World> {
    const { coin, market, signers } = await deployFunded(ethers, "BountyMarketV2", token);
    const world = new MarketV2World(ethers, helpers, coin, market, signers);
    world.reset();
    return world;
  }

  override reset(): void {
    super.reset();
    this.otherAccounts.add(BURN);
  }

  /** The parameters `createBounty` takes, with the requester's current nonce and fresh commitments. */
  async bountyParams(options: BountyV2Options = {}) {
    const requester = options.requester ?? this.signers[1];
    const verifier = options.verifier ?? this.signers[2];
    const testSize = options.testSize ?? 100;
    const numClasses = options.numClasses ?? 10;
    const labels = options.labels ?? protocol.randomLabels(protocol.prng(options.seed ?? 1), testSize, numClasses);
    const nonce: bigint = await this.market.requesterNonce(requester.address);
    const id: string = await this.market.computeBountyId(requester.address, nonce);
    const salt = this.salt();
    const key = this.salt();
    const window = options.window ?? WINDOW;
    const deadline = (await this.now()) + (options.deadlineIn ?? 2n * WINDOW);
    const minScore = options.minScore ?? Math.ceil(labels.length / 2);
    const params = {
      trainingCid: cid("training"),
      sealedTestInputsCid: cid("sealed test inputs"),
      metadataCid: cid("metadata"),
      groundTruthCommitment: protocol.groundTruthCommitmentV2(id, labels, salt),
      sealingKeyCommitment: protocol.sealingKeyCommitment(id, key),
      reward: options.reward ?? 100n * MDC,
      trainerStake: options.stake ?? 10n * MDC,
      modelDeadline: deadline,
      responseWindow: window,
      testSize: labels.length,
      numClasses,
      maxSubmissions: options.maxSubmissions ?? 100,
      metric: 0,
      minScore,
      verifier: verifier.address,
      nonce,
    };
    const bounty: BountyV2 = {
      id,
      labels,
      salt,
      key,
      requester,
      verifier,
      reward: params.reward,
      stake: params.trainerStake,
      deadline,
      window,
      numClasses,
      minScore,
    };
    return { params, bounty };
  }

  /** Commits a model for `trainer` whose predictions will get `correct` items right (or `predictions`). */
  async commitModel(
    bounty: BountyV2,
    trainer: HardhatEthersSigner,
    correct: number,
    predictions = protocol.predictionsWithErrors(bounty.labels, bounty.labels.length - correct, bounty.numClasses),
  ): Promise<Entry> {
    const entry: Entry = {
      trainer,
      predictions,
      predictionsSalt: this.salt(),
      modelCid: cid(`model ${trainer.address} ${this.salt()}`),
      modelSalt: this.salt(),
    };
    await this.step(
      this.as(trainer).commitModel(
        bounty.id,
        protocol.modelCommitmentV2(bounty.id, trainer.address, entry.modelCid, entry.modelSalt),
      ),
    );
    return entry;
  }

  /** Moves past the model deadline and releases the key: the bounty is then Predicting. */
  async releaseKey(bounty: BountyV2): Promise<void> {
    if ((await this.now()) < bounty.deadline) await this.helpers.time.increaseTo(bounty.deadline);
    await this.step(this.as(bounty.requester).releaseKey(bounty.id, bounty.key));
  }

  async commitPredictions(bounty: BountyV2, entry: Entry): Promise<void> {
    await this.step(
      this.as(entry.trainer).commitPredictions(
        bounty.id,
        protocol.predictionsCommitmentV2(bounty.id, entry.trainer.address, entry.predictions, entry.predictionsSalt),
      ),
    );
  }

  /** Ends Predicting if need be and reveals the labels: the bounty is then Claiming. */
  async revealGroundTruth(bounty: BountyV2): Promise<void> {
    if ((await this.phase(bounty)) === Phase.Predicting) await this.endOfPhase(bounty);
    await this.step(this.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
  }

  /** Releases the key, commits every entry's predictions and ends Predicting: the labels are due. */
  async toGroundTruth(bounty: BountyV2, entries: Entry[]): Promise<void> {
    await this.releaseKey(bounty);
    for (const entry of entries) await this.commitPredictions(bounty, entry);
    await this.endOfPhase(bounty);
  }

  /** {@link toGroundTruth}, then the labels: the bounty is Claiming. */
  async toClaiming(bounty: BountyV2, entries: Entry[]): Promise<void> {
    await this.toGroundTruth(bounty, entries);
    await this.revealGroundTruth(bounty);
  }

  /**
   * Claims every entry's true score, ends Claiming, reveals `revealed` (default: every contender) and
   * ends Revealing: the bounty is Verifying (or over).
   */
  async claimAndReveal(bounty: BountyV2, entries: Entry[], revealed?: Entry[]): Promise<void> {
    for (const entry of entries) await this.claim(bounty, entry);
    await this.endOfPhase(bounty);
    const contenders = entries.filter((e) => protocol.countMatches(e.predictions, bounty.labels) >= bounty.minScore);
    for (const entry of revealed ?? contenders) await this.reveal(bounty, entry);
    await this.endOfPhase(bounty);
  }

  async claim(bounty: BountyV2, entry: Entry, score?: number): Promise<void> {
    const claimed = score ?? protocol.countMatches(entry.predictions, bounty.labels);
    await this.step(this.as(entry.trainer).claimScore(bounty.id, claimed));
  }

  /** The contender reveals, with the hint its client computes for its claim. */
  async reveal(bounty: BountyV2, entry: Entry, labels = bounty.labels): Promise<ContractTransactionResponse> {
    const claimed = (await this.market.getSubmission(bounty.id, entry.trainer.address)).claimed;
    const hint = await this.market.rankHint(bounty.id, entry.trainer.address, claimed);
    return this.step(this.sendReveal(bounty, entry, labels, hint));
  }

  sendReveal(bounty: BountyV2, entry: Entry, labels = bounty.labels, hint = ZERO_ADDRESS) {
    return this.as(entry.trainer).revealSubmission(
      bounty.id,
      entry.predictions,
      entry.predictionsSalt,
      entry.modelCid,
      entry.modelSalt,
      labels,
      hint,
    );
  }

  async attest(bounty: BountyV2, rejected: Entry[], acceptBest: boolean): Promise<ContractTransactionResponse> {
    return this.step(
      this.as(bounty.verifier).attestVerification(
        bounty.id,
        rejected.map((e) => e.trainer.address),
        acceptBest,
        cid("report"),
      ),
    );
  }

  /** Moves time to the end of the bounty's current effective phase. */
  async endOfPhase(bounty: BountyV2): Promise<void> {
    const stored = await this.market.getBounty(bounty.id);
    const deadline: bigint = stored.phaseDeadline;
    const extraWindows: Partial<Record<Phase, bigint>> = {
      [Phase.KeyRelease]: 1n,
      [Phase.AwaitingGroundTruth]: 1n,
      [Phase.Revealing]: 1n,
      [Phase.Verifying]: 2n,
    };
    const due = deadline + (extraWindows[(await this.phase(bounty)) as Phase] ?? 0n) * bounty.window;
    if ((await this.now()) < due) await this.helpers.time.increaseTo(due);
  }

  async advance(bounty: BountyV2, keeper = this.signers[11]): Promise<ContractTransactionResponse> {
    return this.step(this.as(keeper).advance(bounty.id));
  }

  async settle(bounty: BountyV2, trainer: string): Promise<void> {
    await this.step(this.as(this.signers[11]).settleSubmission(bounty.id, trainer));
  }

  /** Token balances of `accounts` (addresses), to compare before and after an attack. */
  async balances(accounts: string[]): Promise<bigint[]> {
    return Promise.all(accounts.map((a) => this.token.balanceOf(a)));
  }
}
