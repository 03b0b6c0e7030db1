import { expect } from "chai";
import { network } from "hardhat";
import ModelMarket from "../ignition/modules/ModelMarket.js";

const { ignition } = await network.create();

describe("Ignition module ModelMarket", function () {
  it("deploys the market bound to a fresh ModelCoin with the requested faucet", async function () {
    const { modelCoin, bountyMarket } = await ignition.deploy(ModelMarket, {
      parameters: { ModelMarket: { airdropAmount: 5n } },
    });
    expect(await bountyMarket.token()).to.equal(await modelCoin.getAddress());
    expect(await modelCoin.airdropAmount()).to.equal(5n);
  });
});
