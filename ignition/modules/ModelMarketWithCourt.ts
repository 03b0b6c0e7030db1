import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { META_EVIDENCE_TEST_INPUTS, META_EVIDENCE_VERIFICATION } from "./metaEvidence.js";

/**
 * ModelCoin + BountyMarket for production: the market bound to the coin and to an ERC-792 court that already runs
 * (Kleros, or any `IArbitrator`), which no requester can change. Parameters (ignition/parameters/*.json or
 * --parameters):
 * - `arbitrator` (required): the court's address.
 * - `arbitratorExtraData`: the extra data of every dispute (for Kleros, the subcourt and juror count); default none.
 * - `airdropAmount`: ModelCoin's faucet, in wei; default 0 (no faucet).
 * - `metaEvidenceTestInputs`, `metaEvidenceVerification`: the ERC-1497 meta-evidence URIs; by default the `/ipfs/`
 *   URIs of contracts/dispute/meta-evidence/*.json, which the deployer adds to IPFS (`ipfs add --cid-version=1`).
 */
export default buildModule("ModelMarketWithCourt", (m) => {
  const owner = m.getAccount(0);
  const modelCoin = m.contract("ModelCoin", [owner, m.getParameter("airdropAmount", 0n)]);
  const bountyMarket = m.contract("BountyMarket", [
    modelCoin,
    m.getParameter<string>("arbitrator"),
    m.getParameter("arbitratorExtraData", "0x"),
    m.getParameter("metaEvidenceTestInputs", META_EVIDENCE_TEST_INPUTS),
    m.getParameter("metaEvidenceVerification", META_EVIDENCE_VERIFICATION),
  ]);
  return { modelCoin, bountyMarket };
});
