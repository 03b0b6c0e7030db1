import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { META_EVIDENCE_TEST_INPUTS, META_EVIDENCE_VERIFICATION } from "./metaEvidence.js";

/**
 * ModelCoin + BountyMarket, the market bound to the coin and to Kleros's reference centralized ERC-792
 * arbitrator (DevelopmentArbitrator, ruled by the deployer). Parameters (ignition/parameters/*.json or
 * --parameters):
 * - `airdropAmount`: what ModelCoin's faucet gives each address once, in wei; 0 disables it (production).
 * - `metaEvidenceTestInputs`, `metaEvidenceVerification`: the ERC-1497 meta-evidence URIs of the two dispute
 *   kinds (docs/protocol.md, "Disputes"); by default the `/ipfs/` URIs of contracts/dispute/meta-evidence/*.json.
 * Production deploys with an ERC-792 court instead: ModelMarketWithCourt.ts.
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
    m.getParameter("metaEvidenceTestInputs", META_EVIDENCE_TEST_INPUTS),
    m.getParameter("metaEvidenceVerification", META_EVIDENCE_VERIFICATION),
  ]);
  return { modelCoin, arbitrator, bountyMarket };
});
