// The contract computes exactly the commitments of test/vectors/commitments.json, which the Java core library checks
// too (the bounty-id formula is checked in the lifecycle tests).
import { createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { TAGS, sealNonce } from "../frontend/src/protocol/commitments.js";
import type { AnyContract } from "./helpers/market.js";

const { ethers } = await network.create();

/** AES-256-GCM open of `ciphertext || tag` with the bounty's derived nonce and the bounty id as associated data. */
function unseal(sealedHex: string, keyHex: string, id: string): string {
  const sealed = ethers.getBytes(sealedHex);
  const decipher = createDecipheriv("aes-256-gcm", ethers.getBytes(keyHex), ethers.getBytes(sealNonce(id)));
  decipher.setAAD(ethers.getBytes(id));
  decipher.setAuthTag(sealed.slice(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.slice(0, sealed.length - 16)), decipher.final()]).toString("utf8");
}

describe("Commitment vectors", function () {
  it("the tags, the four tagged commitments and the sealed test inputs reproduce every vector", async function () {
    const [deployer] = await ethers.getSigners();
    const coin = await ethers.deployContract("ModelCoin", [deployer.address, 0n]);
    const arbitrator = await ethers.deployContract("DevelopmentArbitrator");
    const market = (await ethers.deployContract("BountyMarket", [
      await coin.getAddress(),
      await arbitrator.getAddress(),
      "0x",
      "",
      "",
    ])) as AnyContract;
    const { tags, vectors } = JSON.parse(readFileSync(new URL("./vectors/commitments.json", import.meta.url), "utf8"));
    expect(TAGS).to.deep.equal(tags);
    for (const v of vectors) {
      expect(await market.groundTruthCommitment(v.bountyId, v.labels, v.labelsSalt)).to.equal(v.groundTruthCommitment);
      expect(await market.sealingKeyCommitment(v.bountyId, v.sealingKey)).to.equal(v.sealingKeyCommitment);
      expect(await market.modelCommitment(v.bountyId, v.trainer, v.modelCid, v.modelSalt)).to.equal(v.modelCommitment);
      expect(await market.predictionsCommitment(v.bountyId, v.trainer, v.predictions, v.predictionsSalt)).to.equal(
        v.predictionsCommitment,
      );
      expect(sealNonce(v.bountyId)).to.equal(v.sealNonce);
      expect(unseal(v.sealedTestInputs, v.sealingKey, v.bountyId), "the released key opens the sealed inputs").to.equal(v.testInputs);
      expect(await market.isValidCid(v.modelCid)).to.equal(true);
    }
  });
});
