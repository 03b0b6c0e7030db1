import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { network } from "hardhat";
import ModelMarket from "../ignition/modules/ModelMarket.js";
import ModelMarketWithCourt from "../ignition/modules/ModelMarketWithCourt.js";
import { META_EVIDENCE_TEST_INPUTS, META_EVIDENCE_VERIFICATION, singleChunkIpfsUri } from "../ignition/modules/metaEvidence.js";
import { generated } from "./helpers/random.js";

const { ethers, ignition } = await network.create();

/** The meta-evidence URIs `market` emitted at deployment, by id. */
async function metaEvidenceOf(market: { queryFilter: (...args: never[]) => Promise<unknown[]>; filters: Record<string, () => never> }) {
  const events = (await market.queryFilter(market.filters.MetaEvidence())) as { args: [bigint, string] }[];
  return events.map(({ args: [id, uri] }) => [id, uri]);
}

describe("Ignition module ModelMarket", function () {
  it("deploys the market bound to a fresh ModelCoin with the requested faucet and to the development arbitrator", async function () {
    const [deployer] = await ethers.getSigners();
    const { modelCoin, arbitrator, bountyMarket } = await ignition.deploy(ModelMarket, {
      parameters: { ModelMarket: { airdropAmount: 5n } },
    });
    expect(await bountyMarket.token()).to.equal(await modelCoin.getAddress());
    expect(await modelCoin.airdropAmount()).to.equal(5n);
    expect(await bountyMarket.arbitrator()).to.equal(await arbitrator.getAddress());
    expect(await arbitrator.owner(), "who rules in development").to.equal(deployer.address);
    expect(await bountyMarket.arbitrationCost()).to.equal(10n ** 17n);
    expect(await metaEvidenceOf(bountyMarket as never)).to.deep.equal([
      [1n, META_EVIDENCE_TEST_INPUTS],
      [2n, META_EVIDENCE_VERIFICATION],
    ]);
  });

  it("the meta-evidence URIs are the files' CIDs as `ipfs add --cid-version=1` gives them", function () {
    const { vectors } = JSON.parse(readFileSync(new URL("./vectors/cids.json", import.meta.url), "utf8"));
    for (const vector of vectors.filter((v: { cidVersion: number; size?: number }) => v.cidVersion === 1 && (v.size ?? 0) <= 262144)) {
      const bytes = vector.content !== undefined ? new TextEncoder().encode(vector.content) : Buffer.concat([...generated(vector.generatedSeed, vector.size)]);
      expect(singleChunkIpfsUri(bytes)).to.equal(`/ipfs/${vector.cid}`);
    }
    expect(() => singleChunkIpfsUri(new Uint8Array(262145))).to.throw("one 262144-byte chunk");
  });
});

describe("Ignition module ModelMarketWithCourt", function () {
  it("binds the market to the court and extra data it is given, without a faucet by default", async function () {
    const court = await ethers.deployContract("MockArbitrator");
    await court.setCost(3n * 10n ** 16n);
    const extraData = "0x0000000000000000000000000000000000000000000000000000000000000002";
    const { modelCoin, bountyMarket } = await ignition.deploy(ModelMarketWithCourt, {
      parameters: { ModelMarketWithCourt: { arbitrator: await court.getAddress(), arbitratorExtraData: extraData } },
    });
    expect(await bountyMarket.token()).to.equal(await modelCoin.getAddress());
    expect(await modelCoin.airdropAmount()).to.equal(0n);
    expect(await bountyMarket.arbitrator()).to.equal(await court.getAddress());
    expect(await bountyMarket.arbitratorExtraData()).to.equal(extraData);
    expect(await bountyMarket.arbitrationCost(), "the court's cost").to.equal(3n * 10n ** 16n);
    expect(await metaEvidenceOf(bountyMarket as never)).to.deep.equal([
      [1n, META_EVIDENCE_TEST_INPUTS],
      [2n, META_EVIDENCE_VERIFICATION],
    ]);
  });
});

describe("scripts/deploy.ts", function () {
  it("records the arbitrator beside the coin and the market", async function () {
    this.timeout(120_000);
    const folder = mkdtempSync(path.join(tmpdir(), "deployments-"));
    try {
      await promisify(execFile)("npx", ["hardhat", "run", "scripts/deploy.ts"], {
        env: { ...process.env, MODELMARKET_DEPLOYMENTS_DIR: folder },
      });
      const record = JSON.parse(readFileSync(path.join(folder, "chain-31337.json"), "utf8"));
      expect(Object.keys(record)).to.deep.equal(["chainId", "modelCoin", "bountyMarket", "arbitrator", "deployBlock"]);
      const addresses = [record.modelCoin, record.bountyMarket, record.arbitrator];
      for (const address of addresses) expect(ethers.isAddress(address), address).to.equal(true);
      expect(new Set(addresses).size).to.equal(3);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
