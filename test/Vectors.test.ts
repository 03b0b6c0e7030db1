// The contracts compute exactly the ids and commitments of test/vectors/commitments.json (v1) and
// test/vectors/v2.json (v2), which the Java core library checks too (the bounty-id formula is checked in
// the lifecycle tests).
import { createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { network } from "hardhat";
import { TAGS, sealNonce } from "../scripts/lib/protocol.js";
import type { AnyContract } from "./helpers/market.js";

const { ethers } = await network.create();
const readVectors = (file: string) => JSON.parse(readFileSync(new URL(`./vectors/${file}`, import.meta.url), "utf8"));

/** AES-256-GCM open of `ciphertext || tag` with the bounty's derived nonce and the bounty id as associated data. */
function unseal(sealedHex: string, keyHex: string, id: string): string {
  const sealed = ethers.getBytes(sealedHex);
  const decipher = createDecipheriv("aes-256-gcm", ethers.getBytes(keyHex), ethers.getBytes(sealNonce(id)));
  decipher.setAAD(ethers.getBytes(id));
  decipher.setAuthTag(sealed.slice(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.slice(0, sealed.length - 16)), decipher.final()]).toString("utf8");
}

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

  it("v2: the tags, the four tagged commitments and the sealed test inputs reproduce every vector", async function () {
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
      expect(unseal(v.sealedTestInputs, v.sealingKey, v.bountyId), "the released key opens the sealed inputs").to.equal(v.testInputs);
      expect(await market.isValidCid(v.modelCid)).to.equal(true);
    }
  });
});
