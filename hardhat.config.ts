import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatIgnitionEthers from "@nomicfoundation/hardhat-ignition-ethers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";

// Hardhat cannot download compilers here: use the solc-js build that npm installed,
// and take its version from the package so the two can never disagree.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const soljsonPath: string = require.resolve("solc/soljson.js");

const rpcUrl = process.env.MODELMARKET_RPC_URL;
const deployerKey = process.env.MODELMARKET_DEPLOYER_KEY;

export default defineConfig({
  plugins: [
    hardhatEthers,
    hardhatEthersChaiMatchers,
    hardhatIgnitionEthers,
    hardhatMocha,
    hardhatNetworkHelpers,
  ],
  solidity: {
    version: solcVersion,
    path: soljsonPath,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      viaIR: true,
    },
  },
  paths: {
    sources: "./contracts",
    tests: { mocha: "./test" },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: `http://127.0.0.1:${process.env.MODELMARKET_CHAIN_PORT ?? "8545"}`,
    },
    // Any EVM network: MODELMARKET_RPC_URL=https://... MODELMARKET_DEPLOYER_KEY=0x...
    custom: {
      type: "http",
      chainType: "l1",
      url: rpcUrl ?? "http://127.0.0.1:8545",
      accounts: deployerKey ? [deployerKey] : [],
    },
  },
});
