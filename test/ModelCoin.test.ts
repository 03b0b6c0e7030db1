import { expect } from "chai";
import { network } from "hardhat";
import { MDC, signPermit, type AnyContract } from "./helpers/market.js";

const { ethers } = await network.create();

describe("ModelCoin", function () {
  async function deploy(airdrop: bigint) {
    const [owner, alice, bob] = await ethers.getSigners();
    const coin = (await ethers.deployContract("ModelCoin", [owner.address, airdrop])) as AnyContract;
    return { coin, owner, alice, bob };
  }

  it("is an 18-decimal ERC-20 named ModelCoin (MDC)", async function () {
    const { coin } = await deploy(0n);
    expect(await coin.name()).to.equal("ModelCoin");
    expect(await coin.symbol()).to.equal("MDC");
    expect(await coin.decimals()).to.equal(18n);
  });

  it("lets only the owner mint", async function () {
    const { coin, alice } = await deploy(0n);
    await coin.mint(alice.address, 5n * MDC);
    expect(await coin.balanceOf(alice.address)).to.equal(5n * MDC);
    await expect((coin.connect(alice) as AnyContract).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(coin, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
  });

  it("gives every address the airdrop once", async function () {
    const { coin, alice, bob } = await deploy(1000n * MDC);
    await expect((coin.connect(alice) as AnyContract).claimAirdrop())
      .to.emit(coin, "AirdropClaimed")
      .withArgs(alice.address, 1000n * MDC);
    expect(await coin.hasClaimedAirdrop(alice.address)).to.equal(true);
    await expect((coin.connect(alice) as AnyContract).claimAirdrop())
      .to.be.revertedWithCustomError(coin, "AirdropAlreadyClaimed")
      .withArgs(alice.address);
    await (coin.connect(bob) as AnyContract).claimAirdrop();
    expect(await coin.totalSupply()).to.equal(2000n * MDC);
  });

  it("has no faucet when deployed with a zero airdrop", async function () {
    const { coin, alice } = await deploy(0n);
    await expect((coin.connect(alice) as AnyContract).claimAirdrop()).to.be.revertedWithCustomError(coin, "FaucetDisabled");
  });

  it("accepts EIP-2612 permits", async function () {
    const { coin, alice, bob } = await deploy(0n);
    const deadline = 2n ** 40n;
    const signature = await signPermit(coin, alice, bob.address, 7n, deadline);
    await coin.permit(alice.address, bob.address, 7n, deadline, signature.v, signature.r, signature.s);
    expect(await coin.allowance(alice.address, bob.address)).to.equal(7n);
  });
});
