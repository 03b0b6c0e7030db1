// The contract computes exactly the ids and commitments of test/vectors/commitments.json (which the Java
// core library checks too; the bounty-id formula is checked in BountyMarket.lifecycle.test.ts).
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import type { AnyContract } from "./helpers/market.js";

const { ethers } = await network.create();
const { vectors } = JSON.parse(readFileSync(new URL("./vectors/commitments.json", import.meta.url), "utf8"));

describe("Commitment vectors", function () {
  it("the contract's commitment functions reproduce every vector", async function () {
    const [deployer] = await ethers.getSigners();
    const coin = await ethers.deployContract("ModelCoin", [deployer.address, 0n]);
    const market = (await ethers.deployContract("BountyMarket", [await coin.getAddress()])) as AnyContract;
    for (const v of vectors) {
      expect(await market.groundTruthCommitment(v.bountyId, v.labels, v.labelsSalt)).to.equal(v.groundTruthCommitment);
      expect(await market.predictionsCommitment(v.bountyId, v.trainer, v.predictions, v.predictionsSalt)).to.equal(
        v.predictionsCommitment,
      );
      expect(await market.modelCommitment(v.bountyId, v.trainer, v.modelCid, v.modelSalt)).to.equal(v.modelCommitment);
    }
  });
});
