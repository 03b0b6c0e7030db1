import { expect } from "chai";
import { network } from "hardhat";
import ModelMarket from "../ignition/modules/ModelMarket.js";

const { ignition } = await network.create();

describe("Ignition module ModelMarket", function () {
  it("deploys the market bound to a fresh ModelCoin with the requested faucet", async function () {
    const { modelCoin, bountyMarketV2 } = await ignition.deploy(ModelMarket, {
      parameters: { ModelMarket: { airdropAmount: 5n } },
    });
    expect(await bountyMarketV2.token()).to.equal(await modelCoin.getAddress());
    expect(await modelCoin.airdropAmount()).to.equal(5n);
  });
});
