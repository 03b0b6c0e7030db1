// A small driver for BountyMarket tests: deploys ModelCoin + BountyMarket, computes commitments exactly
// as docs/protocol.md defines them, and checks the token-balance invariant after every step it takes.
import { expect } from "chai";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { Signature, type BaseContract, type ContractTransactionResponse } from "ethers";
import * as protocol from "../../scripts/lib/protocol.js";

export { countMatches, predictionsWithErrors, prng, randomLabels } from "../../scripts/lib/protocol.js";

export const MDC = 10n ** 18n;
export const WINDOW = 3600n; // seconds
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export enum Phase {
  None,
  Open,
  AwaitingGroundTruth,
  Claiming,
  CandidateReveal,
  Verifying,
  Completed,
  Cancelled,
  RequesterSlashed,
  Refunded,
}

export enum Status {
  None,
  Committed,
  Withdrawn,
  Claimed,
  Slashed,
  Won,
  Settled,
}

export enum SlashReason {
  MissedReveal,
  CountMismatch,
  NotReproduced,
}

export interface CreatedBounty {
  id: string;
  labels: Uint8Array;
  salt: string;
  requester: HardhatEthersSigner;
  verifier: string;
  reward: bigint;
  stake: bigint;
  deadline: bigint;
  window: bigint;
  numClasses: number;
}

export interface Commitment {
  trainer: HardhatEthersSigner;
  predictions: Uint8Array;
  predictionsSalt: string;
  modelCid: string;
  modelSalt: string;
}

export interface BountyOptions {
  requester?: HardhatEthersSigner;
  testSize?: number;
  numClasses?: number;
  reward?: bigint;
  stake?: bigint;
  window?: bigint;
  maxSubmissions?: number;
  verifier?: string;
  deadlineIn?: bigint;
  labels?: Uint8Array;
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
 * Gives every test of the enclosing `describe` a fresh world from `deploy` (restored from a snapshot) and
 * checks the invariant after each test; `use` receives the world before each test.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useWorld<W extends EscrowWorld<any, any>>(
  helpers: NetworkHelpers,
  deploy: () => Promise<W>,
  use: (world: W) => void,
): void {
  let world: W;
  beforeEach(async function () {
    world = await helpers.loadFixture(deploy);
    world.reset();
    use(world);
  });
  afterEach(async function () {
    await world.checkInvariant();
  });
}

/** {@link useWorld} with a v1 market. */
export function useMarketWorld(
  ethers: HardhatEthers,
  helpers: NetworkHelpers,
  use: (world: MarketWorld) => void,
): void {
  async function deployMarket() {
    return MarketWorld.deploy(ethers, helpers);
  }
  useWorld(helpers, deployMarket, use);
}

/** Deploys a ModelCoin (or uses `token`) and `contract`, and funds and approves the first twelve signers. */
export async function deployFunded(
  ethers: HardhatEthers,
  contract: string,
  token?: AnyContract,
): Promise<{ coin: AnyContract; market: AnyContract; signers: HardhatEthersSigner[] }> {
  const signers = await ethers.getSigners();
  const coin = (token ?? (await ethers.deployContract("ModelCoin", [signers[0].address, 1000n * MDC]))) as AnyContract;
  const market = (await ethers.deployContract(contract, [await coin.getAddress()])) as AnyContract;
  for (const signer of signers.slice(0, 12)) {
    await coin.mint(signer.address, 1_000_000n * MDC);
    await (coin.connect(signer) as AnyContract).approve(await market.getAddress(), ethers.MaxUint256);
  }
  return { coin, market, signers };
}

/**
 * What every market test drives: a market holding a token in escrow, its signers, and the balance
 * invariant of docs/protocol.md (the market holds exactly the escrow of every bounty plus every credit),
 * checked after every step, reverted ones included.
 */
export abstract class EscrowWorld<Options = unknown, Bounty extends { id: string; requester: HardhatEthersSigner } = CreatedBounty> {
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
  ) {}

  /** The parameters `createBounty` takes, and what a test needs to know of the bounty they create. */
  abstract bountyParams(options?: Options): Promise<{ params: Record<string, unknown>; bounty: Bounty }>;

  async createBounty(options?: Options): Promise<Bounty> {
    const { params, bounty } = await this.bountyParams(options);
    this.bountyIds.add(bounty.id);
    await this.step(this.as(bounty.requester).createBounty(params));
    return bounty;
  }

  /** Forgets the bounties and accounts of the previous test (the fixture restored the chain). */
  reset(): void {
    this.bountyIds.clear();
    this.otherAccounts.clear();
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
    const balance: bigint = await this.token.balanceOf(await this.market.getAddress());
    let owed = 0n;
    for (const id of this.bountyIds) owed += (await this.market.getBounty(id)).escrow;
    for (const signer of this.signers) owed += await this.market.credits(signer.address);
    for (const account of this.otherAccounts) owed += await this.market.credits(account);
    expect(balance, "market balance == escrows + credits").to.equal(owed);
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

  async phase(bounty: { id: string }): Promise<number> {
    return Number(await this.market.phaseOf(bounty.id));
  }

  async status(bounty: { id: string }, trainer: string): Promise<number> {
    return Number((await this.market.getSubmission(bounty.id, trainer)).status);
  }

  async credits(account: string): Promise<bigint> {
    return this.market.credits(account);
  }

  /** Withdraws every signer's credits; afterwards the market must hold exactly the open escrows. */
  async withdrawAll(): Promise<void> {
    for (const signer of this.signers) {
      if ((await this.market.credits(signer.address)) > 0n) await this.step(this.as(signer).withdraw());
    }
  }
}

export class MarketWorld extends EscrowWorld<BountyOptions, CreatedBounty> {
  /** Deploys a ModelCoin (or `token`) and a v1 market, and funds and approves every signer. */
  static async deploy(ethers: HardhatEthers, helpers: NetworkHelpers, token?: AnyContract): Promise<MarketWorld> {
    const { coin, market, signers } = await deployFunded(ethers, "BountyMarket", token);
    return new MarketWorld(ethers, helpers, coin, market, signers);
  }

  groundTruthCommitment = protocol.groundTruthCommitment;
  predictionsCommitment = protocol.predictionsCommitment;
  modelCommitment = protocol.modelCommitment;

  /** The parameters `createBounty` takes, with the requester's current nonce and a fresh label commitment. */
  async bountyParams(options: BountyOptions = {}) {
    const requester = options.requester ?? this.signers[1];
    const testSize = options.testSize ?? 64;
    const numClasses = options.numClasses ?? 10;
    const labels = options.labels ?? protocol.randomLabels(protocol.prng(options.seed ?? 1), testSize, numClasses);
    const nonce: bigint = await this.market.requesterNonce(requester.address);
    const id: string = await this.market.computeBountyId(requester.address, nonce);
    const salt = this.salt();
    const window = options.window ?? WINDOW;
    const deadline = (await this.now()) + (options.deadlineIn ?? 1000n);
    const params = {
      trainingCid: "bafkreitrainingdata",
      testInputsCid: "bafkreitestinputs",
      metadataCid: "bafkreimetadata",
      groundTruthCommitment: this.groundTruthCommitment(id, labels, salt),
      reward: options.reward ?? 100n * MDC,
      trainerStake: options.stake ?? 10n * MDC,
      submissionDeadline: deadline,
      responseWindow: window,
      testSize: labels.length,
      numClasses,
      maxSubmissions: options.maxSubmissions ?? 100,
      verifier: options.verifier ?? ZERO_ADDRESS,
      nonce,
    };
    const bounty: CreatedBounty = {
      id,
      labels,
      salt,
      requester,
      verifier: params.verifier,
      reward: params.reward,
      stake: params.trainerStake,
      deadline,
      window,
      numClasses,
    };
    return { params, bounty };
  }

  /** Commits `predictions` (default: `correct` right answers) for `trainer`. */
  async commit(
    bounty: CreatedBounty,
    trainer: HardhatEthersSigner,
    correct: number,
    predictions = protocol.predictionsWithErrors(bounty.labels, bounty.labels.length - correct, bounty.numClasses),
  ): Promise<Commitment> {
    const commitment: Commitment = {
      trainer,
      predictions,
      predictionsSalt: this.salt(),
      modelCid: `bafkreimodel${trainer.address.slice(2, 10).toLowerCase()}`,
      modelSalt: this.salt(),
    };
    await this.step(
      this.as(trainer).commit(
        bounty.id,
        this.predictionsCommitment(bounty.id, trainer.address, predictions, commitment.predictionsSalt),
        this.modelCommitment(bounty.id, trainer.address, commitment.modelCid, commitment.modelSalt),
      ),
    );
    return commitment;
  }

  async toGroundTruthPhase(bounty: CreatedBounty): Promise<void> {
    await this.helpers.time.increaseTo(bounty.deadline);
  }

  async revealGroundTruth(bounty: CreatedBounty): Promise<void> {
    await this.step(this.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
  }

  /** Moves past the submission deadline and reveals the ground truth: the bounty is then Claiming. */
  async revealAfterDeadline(bounty: CreatedBounty): Promise<void> {
    await this.toGroundTruthPhase(bounty);
    await this.revealGroundTruth(bounty);
  }

  async claim(bounty: CreatedBounty, commitment: Commitment, claimed?: number): Promise<void> {
    const count = claimed ?? protocol.countMatches(commitment.predictions, bounty.labels);
    const hint = await this.market.claimHint(bounty.id, commitment.trainer.address, count);
    await this.step(this.as(commitment.trainer).claimAccuracy(bounty.id, count, hint));
  }

  /** Moves time to the end of the current phase's window. */
  async endOfWindow(bounty: CreatedBounty): Promise<void> {
    const stored = await this.market.getBounty(bounty.id);
    const due = stored.phase === BigInt(Phase.Open) ? bounty.deadline + bounty.window : stored.phaseDeadline;
    if ((await this.now()) < due) await this.helpers.time.increaseTo(due);
  }

  revealCandidate(bounty: CreatedBounty, commitment: Commitment): Promise<ContractTransactionResponse> {
    return this.step(
      this.as(commitment.trainer).revealCandidate(
        bounty.id,
        commitment.predictions,
        commitment.predictionsSalt,
        commitment.modelCid,
        commitment.modelSalt,
        bounty.labels,
      ),
    );
  }

  async advance(bounty: CreatedBounty, keeper = this.signers[11]): Promise<ContractTransactionResponse> {
    return this.step(this.as(keeper).advance(bounty.id));
  }

  async settle(bounty: CreatedBounty, trainer: string): Promise<void> {
    await this.step(this.as(this.signers[11]).settleSubmission(bounty.id, trainer));
  }

  async expectNothingToSettle(bounty: CreatedBounty, trainer: string): Promise<void> {
    await this.expectRevert(
      this.as(this.signers[11]).settleSubmission(bounty.id, trainer),
      "NothingToSettle",
      bounty.id,
      trainer,
    );
  }

}
