import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * ModelCoin + BountyMarket, the market bound to the coin. Parameters (ignition/parameters/*.json or
 * --parameters):
 * - `airdropAmount`: what ModelCoin's faucet gives each address once, in wei; 0 disables it (production).
 */
export default buildModule("ModelMarket", (m) => {
  const owner = m.getAccount(0);
  const airdropAmount = m.getParameter("airdropAmount", 1000n * 10n ** 18n);
  const modelCoin = m.contract("ModelCoin", [owner, airdropAmount]);
  const bountyMarket = m.contract("BountyMarket", [modelCoin]);
  return { modelCoin, bountyMarket };
});
