// The contracts compute exactly the ids and commitments of test/vectors/commitments.json (v1) and
// test/vectors/v2.json (v2), which the Java core library checks too (the bounty-id formula is checked in
// the lifecycle tests).
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { TAGS, sealNonce } from "../scripts/lib/protocol.js";
import type { AnyContract } from "./helpers/market.js";

const { ethers } = await network.create();
const readVectors = (file: string) => JSON.parse(readFileSync(new URL(`./vectors/${file}`, import.meta.url), "utf8"));

describe("Commitment vectors", function () {
  async function deploy(contract: string): Promise<AnyContract> {
    const [deployer] = await ethers.getSigners();
    const coin = await ethers.deployContract("ModelCoin", [deployer.address, 0n]);
    return (await ethers.deployContract(contract, [await coin.getAddress()])) as AnyContract;
  }

  it("v1: the contract's commitment functions reproduce every vector", async function () {
    const market = await deploy("BountyMarket");
    for (const v of readVectors("commitments.json").vectors) {
      expect(await market.groundTruthCommitment(v.bountyId, v.labels, v.labelsSalt)).to.equal(v.groundTruthCommitment);
      expect(await market.predictionsCommitment(v.bountyId, v.trainer, v.predictions, v.predictionsSalt)).to.equal(
        v.predictionsCommitment,
      );
      expect(await market.modelCommitment(v.bountyId, v.trainer, v.modelCid, v.modelSalt)).to.equal(v.modelCommitment);
    }
  });

  it("v2: the tags and the four tagged commitments reproduce every vector", async function () {
    const market = await deploy("BountyMarketV2");
    const { tags, vectors } = readVectors("v2.json");
    expect(TAGS).to.deep.equal(tags);
    for (const v of vectors) {
      expect(await market.groundTruthCommitment(v.bountyId, v.labels, v.labelsSalt)).to.equal(v.groundTruthCommitment);
      expect(await market.sealingKeyCommitment(v.bountyId, v.sealingKey)).to.equal(v.sealingKeyCommitment);
      expect(await market.modelCommitment(v.bountyId, v.trainer, v.modelCid, v.modelSalt)).to.equal(v.modelCommitment);
      expect(await market.predictionsCommitment(v.bountyId, v.trainer, v.predictions, v.predictionsSalt)).to.equal(
        v.predictionsCommitment,
      );
      expect(sealNonce(v.bountyId)).to.equal(v.sealNonce);
      expect(await market.isValidCid(v.modelCid)).to.equal(true);
    }
  });
});
