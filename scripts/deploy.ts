// Deploys ModelCoin + BountyMarket with Hardhat Ignition and writes what the backend and CLI read:
// deployments/chain-<chainId>.json = { chainId, modelCoin, bountyMarket, arbitrator, deployBlock }, where deployBlock is
// the block of the market's deployment (indexers start there).
//
//   npx hardhat run scripts/deploy.ts --network localhost
//   MODELMARKET_RPC_URL=... MODELMARKET_DEPLOYER_KEY=0x... npx hardhat run scripts/deploy.ts --network custom
// MODELMARKET_AIRDROP (in whole MDC, default 1000; 0 disables the faucet) sets ModelCoin's faucet.
// MODELMARKET_DEPLOYMENTS_DIR (default deployments) is where the record goes, and MODELMARKET_DEPLOYMENT_ID
// names Ignition's journal (default chain-<chainId>): the demo uses both to stay apart from scripts/dev.
// MODELMARKET_ARBITRATOR (an ERC-792 court's address, with MODELMARKET_ARBITRATOR_EXTRA_DATA, default 0x) deploys
// ignition/modules/ModelMarketWithCourt.ts bound to that court; without it, ModelMarket.ts deploys
// DevelopmentArbitrator beside the market.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import ModelMarket from "../ignition/modules/ModelMarket.js";
import ModelMarketWithCourt from "../ignition/modules/ModelMarketWithCourt.js";

const { ethers, ignition } = await network.create();
const airdropAmount = BigInt(process.env.MODELMARKET_AIRDROP ?? "1000") * 10n ** 18n;
const deploymentId = process.env.MODELMARKET_DEPLOYMENT_ID || undefined;
const court = process.env.MODELMARKET_ARBITRATOR;
const { modelCoin, bountyMarket, arbitratorAddress } = court
  ? await ignition
      .deploy(ModelMarketWithCourt, {
        parameters: {
          ModelMarketWithCourt: {
            airdropAmount,
            arbitrator: court,
            arbitratorExtraData: process.env.MODELMARKET_ARBITRATOR_EXTRA_DATA || "0x",
          },
        },
        deploymentId,
      })
      .then((deployed) => ({ ...deployed, arbitratorAddress: court }))
  : await ignition
      .deploy(ModelMarket, { parameters: { ModelMarket: { airdropAmount } }, deploymentId })
      .then(async (deployed) => ({ ...deployed, arbitratorAddress: await deployed.arbitrator.getAddress() }));

const chainId = (await ethers.provider.getNetwork()).chainId;
const marketAddress = await bountyMarket.getAddress();
const deployTx = bountyMarket.deploymentTransaction();
const deployBlock = deployTx
  ? (await deployTx.wait())!.blockNumber
  : await firstBlockWithCode(marketAddress);

const deployment = {
  chainId: Number(chainId),
  modelCoin: await modelCoin.getAddress(),
  bountyMarket: marketAddress,
  arbitrator: ethers.getAddress(arbitratorAddress),
  deployBlock,
};
const folder = process.env.MODELMARKET_DEPLOYMENTS_DIR || "deployments";
const file = path.join(folder, `chain-${chainId}.json`);
mkdirSync(folder, { recursive: true });
writeFileSync(file, JSON.stringify(deployment, null, 2) + "\n");
console.log(`Deployed to chain ${chainId}: ModelCoin ${deployment.modelCoin}, BountyMarket ${marketAddress} (from block ${deployBlock}), arbitrator ${deployment.arbitrator}; wrote ${file}`);

/** Ignition reuses earlier deployments; find the block that created the contract by binary search. */
async function firstBlockWithCode(address: string): Promise<number> {
  let low = 0;
  let high = await ethers.provider.getBlockNumber();
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((await ethers.provider.getCode(address, middle)) === "0x") low = middle + 1;
    else high = middle;
  }
  return low;
}
