import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * ModelCoin + BountyMarket, the market bound to the coin and to Kleros's reference centralized ERC-792
 * arbitrator (DevelopmentArbitrator, ruled by the deployer). Parameters (ignition/parameters/*.json or
 * --parameters):
 * - `airdropAmount`: what ModelCoin's faucet gives each address once, in wei; 0 disables it (production).
 * - `metaEvidenceTestInputs`, `metaEvidenceVerification`: the ERC-1497 meta-evidence URIs of the two dispute
 *   kinds (docs/protocol.md, "Disputes").
 * Production deploys with an ERC-792 court instead: ModelMarketWithCourt below.
 */
export default buildModule("ModelMarket", (m) => {
  const owner = m.getAccount(0);
  const airdropAmount = m.getParameter("airdropAmount", 1000n * 10n ** 18n);
  const arbitrator = m.contract("DevelopmentArbitrator", []);
  const modelCoin = m.contract("ModelCoin", [owner, airdropAmount]);
  const bountyMarket = m.contract("BountyMarket", [
    modelCoin,
    arbitrator,
    "0x",
    m.getParameter("metaEvidenceTestInputs", ""),
    m.getParameter("metaEvidenceVerification", ""),
  ]);
  return { modelCoin, arbitrator, bountyMarket };
});
