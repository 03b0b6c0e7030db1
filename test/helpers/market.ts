// A driver for BountyMarket tests: deploys ModelCoin + DevelopmentArbitrator + BountyMarket, computes the commitments
// of frontend/src/protocol/commitments.ts, walks a bounty through its phases (disputes and rulings included), and
// checks the token and ether invariants (the burn address included) after every step it takes.
import { expect } from "chai";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { Signature, sha256, type BaseContract, type ContractTransactionResponse } from "ethers";
import * as protocol from "../../frontend/src/protocol/commitments.js";
import { countMatches } from "../../frontend/src/protocol/scoring.js";
import {
  DisputeKind,
  Metric,
  Phase,
  SlashReason,
  SubmissionStatus as Status,
} from "../../frontend/src/protocol/constants.js";
import { clippedErrorScore } from "./fixedPoint.js";
import * as random from "./random.js";

export { countMatches } from "../../frontend/src/protocol/scoring.js";
export { predictionsWithErrors, prng, randomLabels } from "./random.js";

export const MDC = 10n ** 18n;
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
export const WINDOW = 3600n; // the shortest window the contract accepts
export const BURN = "0x000000000000000000000000000000000000dEaD";
/** The reference arbitrator's cost of one dispute (DevelopmentArbitrator). */
export const ARBITRATION_COST = 10n ** 17n;
export const META_EVIDENCE_TEST_INPUTS = "/ipfs/bafkreitestinputsmetaevidence";
export const META_EVIDENCE_VERIFICATION = "/ipfs/bafkreiverificationmetaevidence";

// The market's enums, generated from the compiled contract (scripts/protocol-constants.ts).
export { DisputeKind, Metric, Phase, SlashReason, Status };

/** Phases from which a bounty has ended (its fee bond is credited). */
export function isEnd(phase: number): boolean {
  return phase >= Phase.Completed;
}

/** The contract's score of `predictions` against the bounty's labels, under the bounty's metric. */
export function scoreOf(bounty: Pick<Bounty, "labels" | "metric" | "maxError">, predictions: Uint8Array): number {
  return bounty.metric === Metric.Accuracy
    ? countMatches(predictions, bounty.labels)
    : clippedErrorScore(bounty.labels, predictions, bounty.maxError);
}

/** A well-formed CIDv1 (`ba` + 57 base32 letters) derived from `seed`, different for every seed. */
export function cid(seed: string): string {
  const hex = sha256(new TextEncoder().encode(seed)).slice(2);
  const letters = [...hex].map((digit) => "abcdefghijklmnop"[parseInt(digit, 16)]).join("");
  return `bafkrei${letters.slice(0, 52)}`;
}

export interface Bounty {
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
  metric: Metric;
  /** MeanAbsoluteError's clipping bound (0 for Accuracy). */
  maxError: number;
  minScore: number;
}

export interface Entry {
  trainer: HardhatEthersSigner;
  predictions: Uint8Array;
  predictionsSalt: string;
  modelCid: string;
  modelSalt: string;
}

export interface BountyOptions {
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
  /** The vector revealed: class indices (Accuracy) or encoded int32s (MeanAbsoluteError, fixedPoint.ts). */
  labels?: Uint8Array;
  metric?: Metric;
  maxError?: number;
  /** The test size to create with, when it is not the labels' (to test the bounds). */
  testSizeParam?: number;
  seed?: number;
}

// The generated contract types are not needed here: the tests call the ABI by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyContract = BaseContract & Record<string, any>;

/** An EIP-2612 permit signed by `owner` for ModelCoin `token`, letting `spender` take `value`. */
export async function signPermit(
  token: AnyContract,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const domain = {
    name: "ModelCoin",
    version: "1",
    chainId: (await owner.provider!.getNetwork()).chainId,
    verifyingContract: await token.getAddress(),
  };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = { owner: owner.address, spender, value, nonce: await token.nonces(owner.address), deadline };
  return Signature.from(await owner.signTypedData(domain, types, message));
}

/**
 * Gives every test of the enclosing `describe` a fresh world (restored from a snapshot) and checks the
 * invariant after each test; `use` receives the world before each test.
 */
export function useMarketWorld(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  use: (world: MarketWorld) => void,
): void {
  async function deployMarket() {
    return MarketWorld.deploy(ethers, helpers);
  }
  let world: MarketWorld;
  beforeEach(async function () {
    world = await helpers.loadFixture(deployMarket);
    world.reset();
    use(world);
  });
  afterEach(async function () {
    await world.checkInvariant();
  });
}

/**
 * What every market test drives: a market holding a token in escrow and fee bonds in ether, its arbitrator (ruled by
 * signer 0), its signers, and the two invariants of docs/protocol.md, checked after every step, reverted ones
 * included: the market holds exactly the escrow of every bounty plus every credit (the burn address's included) in
 * tokens, and exactly the fee bonds of the bounties not ended plus every fee credit in ether.
 */
export class MarketWorld {
  readonly bountyIds = new Set<string>();
  /** Accounts besides the signers that may hold credits (attacker contracts, the burn address). */
  readonly otherAccounts = new Set<string>();
  private saltCounter = 0;

  constructor(
    readonly ethers: HardhatEthers,
    readonly helpers: NetworkHelpers,
    readonly token: AnyContract,
    readonly market: AnyContract,
    readonly signers: HardhatEthersSigner[],
    readonly arbitrator: AnyContract,
    /** The arbitration cost at deployment: every bounty's fee bond and every dispute's fee. */
    readonly fee: bigint,
  ) {}

  /**
   * Deploys a ModelCoin (or uses `token`), a DevelopmentArbitrator (or uses `arbitrator`) and a market, and funds
   * and approves the first twelve signers.
   */
  static async deploy(
    ethers: HardhatEthers,
    helpers: NetworkHelpers,
    token?: AnyContract,
    arbitrator?: AnyContract,
  ): Promise<MarketWorld> {
    const signers = await ethers.getSigners();
    const coin = (token ?? (await ethers.deployContract("ModelCoin", [signers[0].address, 1000n * MDC]))) as AnyContract;
    const court = (arbitrator ?? (await ethers.deployContract("DevelopmentArbitrator"))) as AnyContract;
    const market = (await ethers.deployContract("BountyMarket", [
      await coin.getAddress(),
      await court.getAddress(),
      "0x",
      META_EVIDENCE_TEST_INPUTS,
      META_EVIDENCE_VERIFICATION,
    ])) as AnyContract;
    for (const signer of signers.slice(0, 12)) {
      await coin.mint(signer.address, 1_000_000n * MDC);
      await (coin.connect(signer) as AnyContract).approve(await market.getAddress(), ethers.MaxUint256);
    }
    const world = new MarketWorld(ethers, helpers, coin, market, signers, court, await market.arbitrationCost());
    world.reset();
    return world;
  }

  async createBounty(options?: BountyOptions): Promise<Bounty> {
    const { params, bounty } = await this.bountyParams(options);
    this.bountyIds.add(bounty.id);
    await this.step(this.createWith(bounty.requester, params));
    return bounty;
  }

  /** `createBounty(params)` sent by `requester` with the fee bond `value` (default: the arbitration cost). */
  createWith(requester: HardhatEthersSigner, params: unknown, value = this.fee): Promise<ContractTransactionResponse> {
    return this.as(requester).createBounty(params, { value });
  }

  /** Forgets the bounties and accounts of the previous test (the fixture restored the chain). */
  reset(): void {
    this.bountyIds.clear();
    this.otherAccounts.clear();
    this.otherAccounts.add(BURN);
  }

  as(signer: HardhatEthersSigner): AnyContract {
    return this.market.connect(signer) as AnyContract;
  }

  salt(): string {
    return this.ethers.keccak256(this.ethers.toUtf8Bytes(`salt-${++this.saltCounter}`));
  }

  async now(): Promise<bigint> {
    return BigInt(await this.helpers.time.latest());
  }

  async checkInvariant(): Promise<void> {
    const address = await this.market.getAddress();
    const balance: bigint = await this.token.balanceOf(address);
    const ether: bigint = await this.ethers.provider.getBalance(address);
    let owed = 0n;
    let owedEther = 0n;
    for (const id of this.bountyIds) {
      const stored = await this.market.getBounty(id);
      owed += stored.escrow;
      if (!isEnd(Number(stored.phase))) owedEther += stored.feeBond;
    }
    for (const account of [...this.signers.map((s) => s.address), ...this.otherAccounts]) {
      owed += await this.market.credits(account);
      owedEther += await this.market.feeCredits(account);
    }
    expect(balance, "market balance == escrows + credits").to.equal(owed);
    expect(ether, "market ether == fee bonds of bounties not ended + fee credits").to.equal(owedEther);
  }

  /** Sends a transaction, waits for it, and checks the invariant. */
  async step(send: Promise<ContractTransactionResponse>): Promise<ContractTransactionResponse> {
    const tx = await send;
    await tx.wait();
    await this.checkInvariant();
    return tx;
  }

  /** Expects `send` to revert with `error(...args)` and the invariant to hold afterwards. */
  async expectRevert(send: Promise<unknown>, error: string, ...args: unknown[]): Promise<void> {
    const assertion = expect(send).to.be.revertedWithCustomError(this.market, error);
    if (args.length > 0) await assertion.withArgs(...args);
    else await assertion;
    await this.checkInvariant();
  }

  /** The bounty's phase now; {currentPhase} must answer the same phase as {phaseOf}. */
  async phase(bounty: { id: string }): Promise<number> {
    const phase = Number(await this.market.phaseOf(bounty.id));
    expect(Number((await this.market.currentPhase(bounty.id))[0]), "currentPhase's phase is phaseOf").to.equal(phase);
    return phase;
  }

  async status(bounty: { id: string }, trainer: string): Promise<number> {
    return Number((await this.market.getSubmission(bounty.id, trainer)).status);
  }

  async credits(account: string): Promise<bigint> {
    return this.market.credits(account);
  }

  /** Withdraws every signer's credits, tokens and fees; afterwards the market holds exactly the open escrows. */
  async withdrawAll(): Promise<void> {
    for (const signer of this.signers) {
      if ((await this.market.credits(signer.address)) > 0n) await this.step(this.as(signer).withdraw());
      if ((await this.market.feeCredits(signer.address)) > 0n) await this.step(this.as(signer).withdrawFees());
    }
  }

  /** The parameters `createBounty` takes, with the requester's current nonce and fresh commitments. */
  async bountyParams(options: BountyOptions = {}) {
    const requester = options.requester ?? this.signers[1];
    const verifier = options.verifier ?? this.signers[2];
    const testSize = options.testSize ?? 100;
    const metric = options.metric ?? Metric.Accuracy;
    const regression = metric === Metric.MeanAbsoluteError;
    const numClasses = options.numClasses ?? (regression ? 0 : 10);
    const maxError = options.maxError ?? (regression ? 1000 : 0);
    if (regression && !options.labels) throw new Error("a regression bounty needs its labels (fixedPoint.ts)");
    const labels = options.labels ?? random.randomLabels(random.prng(options.seed ?? 1), testSize, numClasses);
    const items = options.testSizeParam ?? labels.length / (regression ? 4 : 1);
    const nonce: bigint = await this.market.requesterNonce(requester.address);
    const id: string = await this.market.computeBountyId(requester.address, nonce);
    const salt = this.salt();
    const key = this.salt();
    const window = options.window ?? WINDOW;
    const deadline = (await this.now()) + (options.deadlineIn ?? 2n * WINDOW);
    const minScore = options.minScore ?? Math.ceil((items * (regression ? maxError : 1)) / 2);
    const params = {
      trainingCid: cid("training"),
      sealedTestInputsCid: cid("sealed test inputs"),
      metadataCid: cid("metadata"),
      groundTruthCommitment: protocol.groundTruthCommitment(id, labels, salt),
      sealingKeyCommitment: protocol.sealingKeyCommitment(id, key),
      reward: options.reward ?? 100n * MDC,
      trainerStake: options.stake ?? 10n * MDC,
      modelDeadline: deadline,
      responseWindow: window,
      testSize: items,
      numClasses,
      maxSubmissions: options.maxSubmissions ?? 100,
      metric,
      maxError,
      minScore,
      verifier: verifier.address,
      nonce,
    };
    const bounty: Bounty = {
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
      metric,
      maxError,
      minScore,
    };
    return { params, bounty };
  }

  /** Commits a model for `trainer` whose predictions will get `correct` items right (or `predictions`). */
  async commitModel(
    bounty: Bounty,
    trainer: HardhatEthersSigner,
    correct: number,
    predictions = random.predictionsWithErrors(bounty.labels, bounty.labels.length - correct, bounty.numClasses),
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
        protocol.modelCommitment(bounty.id, trainer.address, entry.modelCid, entry.modelSalt),
      ),
    );
    return entry;
  }

  /** Moves past the model deadline and releases the key: the bounty is then Predicting. */
  async releaseKey(bounty: Bounty): Promise<void> {
    if ((await this.now()) < bounty.deadline) await this.helpers.time.increaseTo(bounty.deadline);
    await this.step(this.as(bounty.requester).releaseKey(bounty.id, bounty.key));
  }

  async commitPredictions(bounty: Bounty, entry: Entry): Promise<void> {
    await this.step(
      this.as(entry.trainer).commitPredictions(
        bounty.id,
        protocol.predictionsCommitment(bounty.id, entry.trainer.address, entry.predictions, entry.predictionsSalt),
      ),
    );
  }

  /** Ends Predicting if need be and reveals the labels: the bounty is then Claiming. */
  async revealGroundTruth(bounty: Bounty): Promise<void> {
    if ((await this.phase(bounty)) === Phase.Predicting) await this.endOfPhase(bounty);
    await this.step(this.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
  }

  /** Releases the key, commits every entry's predictions and ends Predicting: the labels are due. */
  async toGroundTruth(bounty: Bounty, entries: Entry[]): Promise<void> {
    await this.releaseKey(bounty);
    for (const entry of entries) await this.commitPredictions(bounty, entry);
    await this.endOfPhase(bounty);
  }

  /** {@link toGroundTruth}, then the labels: the bounty is Claiming. */
  async toClaiming(bounty: Bounty, entries: Entry[]): Promise<void> {
    await this.toGroundTruth(bounty, entries);
    await this.revealGroundTruth(bounty);
  }

  /**
   * Claims every entry's true score, ends Claiming, reveals `revealed` (default: every contender) and
   * ends Revealing: the bounty is Verifying (or over).
   */
  async claimAndReveal(bounty: Bounty, entries: Entry[], revealed?: Entry[]): Promise<void> {
    for (const entry of entries) await this.claim(bounty, entry);
    await this.endOfPhase(bounty);
    const contenders = entries.filter((e) => scoreOf(bounty, e.predictions) >= bounty.minScore);
    for (const entry of revealed ?? contenders) await this.reveal(bounty, entry);
    await this.endOfPhase(bounty);
  }

  async claim(bounty: Bounty, entry: Entry, score?: number): Promise<void> {
    const claimed = score ?? scoreOf(bounty, entry.predictions);
    await this.step(this.as(entry.trainer).claimScore(bounty.id, claimed));
  }

  /** The contender reveals, with the hint its client computes for its claim. */
  async reveal(bounty: Bounty, entry: Entry, labels = bounty.labels): Promise<ContractTransactionResponse> {
    const claimed = (await this.market.getSubmission(bounty.id, entry.trainer.address)).claimed;
    const hint = await this.market.rankHint(bounty.id, entry.trainer.address, claimed);
    return this.step(this.sendReveal(bounty, entry, labels, hint));
  }

  sendReveal(bounty: Bounty, entry: Entry, labels = bounty.labels, hint = ZERO_ADDRESS) {
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

  async attest(bounty: Bounty, rejected: Entry[], acceptBest: boolean): Promise<ContractTransactionResponse> {
    return this.step(
      this.as(bounty.verifier).attestVerification(
        bounty.id,
        rejected.map((e) => e.trainer.address),
        acceptBest,
        cid("report"),
      ),
    );
  }

  /** Moves the clock to the end of the bounty's current phase, as the contract's {currentPhase} answers it. */
  async endOfPhase(bounty: Bounty): Promise<void> {
    const [, due]: [bigint, bigint] = await this.market.currentPhase(bounty.id);
    if (due > 0n && (await this.now()) < due) await this.helpers.time.increaseTo(due);
  }

  async advance(bounty: Bounty, keeper = this.signers[11]): Promise<ContractTransactionResponse> {
    return this.step(this.as(keeper).advance(bounty.id));
  }

  async settle(bounty: Bounty, trainer: string): Promise<void> {
    await this.step(this.as(this.signers[11]).settleSubmission(bounty.id, trainer));
  }

  /** Token balances of `accounts` (addresses), to compare before and after an attack. */
  async balances(accounts: string[]): Promise<bigint[]> {
    return Promise.all(accounts.map((a) => this.token.balanceOf(a)));
  }

  /** Ether balances of `accounts`. */
  async etherBalances(accounts: string[]): Promise<bigint[]> {
    return Promise.all(accounts.map((a) => this.ethers.provider.getBalance(a)));
  }

  /** Ether `signer` spent on gas in `tx`. */
  async gasCost(tx: ContractTransactionResponse): Promise<bigint> {
    const receipt = (await tx.wait())!;
    return receipt.gasUsed * receipt.gasPrice;
  }

  /** The arbitrator's dispute id that `tx` raised (from its DisputeRaised event). */
  async disputeIdOf(tx: ContractTransactionResponse): Promise<bigint> {
    const receipt = (await tx.wait())!;
    for (const log of receipt.logs) {
      if (log.address !== this.market.target) continue;
      const parsed = this.market.interface.parseLog(log);
      if (parsed?.name === "DisputeRaised") return parsed.args.disputeId;
    }
    throw new Error("no DisputeRaised in the transaction");
  }

  /** `disputer` disputes the verification's proposal, paying the fee; returns the transaction and the dispute id. */
  async disputeVerification(bounty: Bounty, disputer: HardhatEthersSigner, evidence = "/ipfs/" + cid("evidence")) {
    const tx = await this.step(this.as(disputer).disputeVerification(bounty.id, evidence, { value: this.fee }));
    return { tx, disputeId: await this.disputeIdOf(tx) };
  }

  /** `disputer` disputes the sealed test inputs, paying the fee; returns the transaction and the dispute id. */
  async disputeTestInputs(bounty: Bounty, disputer: HardhatEthersSigner, evidence = "/ipfs/" + cid("evidence")) {
    const tx = await this.step(this.as(disputer).disputeTestInputs(bounty.id, evidence, { value: this.fee }));
    return { tx, disputeId: await this.disputeIdOf(tx) };
  }

  /** The arbitrator's operator (signer 0) rules `disputeId`; the arbitrator calls the market back. */
  async rule(disputeId: bigint, ruling: bigint | number): Promise<ContractTransactionResponse> {
    return this.step((this.arbitrator.connect(this.signers[0]) as AnyContract).rule(disputeId, ruling));
  }

  /** The ruling that names `entry`'s trainer in a Verification dispute: its commit sequence. */
  async rulingFor(bounty: Bounty, entry: Entry | null): Promise<bigint> {
    if (entry === null) return BigInt((await this.market.getBounty(bounty.id)).commitCount) + 1n;
    return BigInt((await this.market.getSubmission(bounty.id, entry.trainer.address)).sequence);
  }

  /** Settles every entry that still has something to settle. */
  async settleAll(bounty: Bounty, entries: Entry[]): Promise<void> {
    for (const entry of entries) {
      const status = await this.status(bounty, entry.trainer.address);
      if (status !== Status.Won && status !== Status.Settled && status !== Status.Slashed) {
        await this.settle(bounty, entry.trainer.address);
      }
    }
  }
}
