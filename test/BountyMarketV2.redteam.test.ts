// A red-team pass over BountyMarketV2 (after the eleven attacks of issue 12): each test performs an attack
// found in review, or checks a rule that is easy to get wrong, and shows it refused or not paying.
// docs/protocol.md, "Found in review", has the numbers.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BURN,
  MarketV2World,
  Phase,
  Status,
  ZERO_ADDRESS,
  cid,
  useMarketV2World,
} from "./helpers/marketV2.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarketV2 red team", function () {
  let world: MarketV2World;
  let signers: MarketV2World["signers"];
  useMarketV2World(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  it("review 1: a rejection batch padded with the zero address cannot burn the stakes of trainers owed a refund", async function () {
    const bounty = await world.createBounty({ minScore: 50 });
    const best = await world.commitModel(bounty, signers[3], 90);
    const low = await world.commitModel(bounty, signers[4], 20); // below minScore: owed its stake back
    await world.toClaiming(bounty, [best, low]);
    await world.claimAndReveal(bounty, [best, low]);
    // After popping the last candidate the list is empty and `pop` returns zero, which "matches" a zero entry.
    await world.expectRevert(
      world.as(bounty.verifier).attestVerification(bounty.id, [best.trainer.address, ZERO_ADDRESS], false, cid("report")),
      "NoCandidateLeft",
      bounty.id,
    );
    await world.attest(bounty, [best], false); // rejecting every real candidate is still allowed
    expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
    await world.settle(bounty, low.trainer.address);
    expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
    expect(await world.credits(BURN)).to.equal(bounty.reward + bounty.stake);
    expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
  });
});
