// The web UI in a real browser against the real server and a Hardhat node: a requester posts a bounty,
// two trainers commit, time passes, the requester reveals, the trainers claim, the best one reveals, the
// server's verifier re-runs the model, and the page shows the winner and the verified report. The wallet is
// an injected EIP-1193 provider (announced through EIP-6963) that signs with Hardhat's test accounts.
// The reward (2^64 + 1 wei) and the stake (10^30 + 7 wei) have more digits than a double holds: the API's
// JSON, the figures on the pages, the permits the wallet signs, the payout and the audit stay exact to the wei.
// Screenshots of the main pages go to .run/ui-screenshots/.
//
//   npx tsx frontend/tests/e2e.test.ts          (needs Debian's chromium and the built server and CLI jars)
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Contract, JsonRpcProvider, NonceManager, Wallet, type TypedDataField } from "ethers";
import { chromium, type Page } from "playwright-core";

const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "modelmarket-e2e-"));
const screenshots = path.join(root, ".run", "ui-screenshots");
const started: ChildProcess[] = [];
let failurePage: Page | null = null;
let openBrowser: { close(): Promise<void> } | null = null;

// Hardhat's public development keys: requester, two trainers, and the server's verifier.
const KEYS = {
  requester: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  trainerA: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  trainerB: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  verifier: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
};
type Who = keyof typeof KEYS;
/** Hardhat's account 0, which deployed ModelCoin and may mint it. */
const OWNER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const REWARD = 2n ** 64n + 1n; // 18.446744073709551617 MDC
const STAKE = 10n ** 30n + 7n; // 1,000,000,000,000.000000000000000007 MDC
const MDC = 10n ** 18n;
/** Every permit the wallet signed: what it lets the market take, as the typed data carried it. */
const permits: { spender: string; value: string }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function start(command: string, args: string[], env: Record<string, string>, log: string): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  child.stdout!.on("data", (chunk) => out.push(String(chunk)));
  child.stderr!.on("data", (chunk) => out.push(String(chunk)));
  child.on("exit", () => writeFileSync(path.join(work, log), out.join("")));
  started.push(child);
  return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen in ${seconds} s`);
}

function jar(module: string): string {
  const folder = path.join(root, "backend", module, "target");
  const name = readdirSync(folder).find((f) => f.startsWith(`modelmarket-${module}-`) && f.endsWith(".jar") && !f.includes("-tests"));
  assert.ok(name, `build backend/${module} first (mvn package)`);
  return path.join(folder, name);
}

async function main(): Promise<void> {
  const chainPort = await freePort();
  const serverPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${chainPort}`;
  const chain = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true });

  // The Hardhat binary itself, not `npx hardhat`: stopping npx would leave the node running.
  start(path.join(root, "node_modules", ".bin", "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(chainPort)], {}, "chain.log");
  await waitFor("the Hardhat node", async () => (await chain.getBlockNumber()) >= 0);
  const deploymentId = `e2e-${process.pid}`;
  const deployed = spawnSync("npx", ["hardhat", "run", "scripts/deploy.ts", "--network", "localhost"], {
    cwd: root, encoding: "utf8",
    env: { ...process.env, MODELMARKET_CHAIN_PORT: String(chainPort), MODELMARKET_DEPLOYMENTS_DIR: work, MODELMARKET_DEPLOYMENT_ID: deploymentId },
  });
  rmSync(path.join(root, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  assert.equal(deployed.status, 0, deployed.stderr);
  const deployment = path.join(work, "chain-31337.json");
  const contracts = JSON.parse(readFileSync(deployment, "utf8")) as { modelCoin: string; bountyMarket: string };
  const coinAbi = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/ModelCoin.sol/ModelCoin.json"), "utf8")).abi;
  const coin = new Contract(contracts.modelCoin, coinAbi, new NonceManager(new Wallet(OWNER_KEY, chain)));
  for (const who of ["trainerA", "trainerB"] as Who[]) { // a stake no faucet gives: the owner mints it
    await (await coin.mint(new Wallet(KEYS[who]).address, STAKE)).wait();
  }

  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
  const store = path.join(work, "ipfs");
  start(java, ["-jar", jar("server"), `--modelmarket.chain.rpc-url=${rpcUrl}`, `--modelmarket.chain.deployment-file=${deployment}`], {
    MODELMARKET_PORT: String(serverPort), MODELMARKET_DB_URL: "jdbc:h2:mem:e2e;DB_CLOSE_DELAY=-1", MODELMARKET_IPFS_PATH: store,
    MODELMARKET_VERIFIER_KEY: KEYS.verifier,
  }, "server.log");
  const site = `http://127.0.0.1:${serverPort}`;
  await waitFor("the server", async () => (await fetch(`${site}/actuator/health`)).ok, 180);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    failurePage = page;
    page.on("pageerror", (error) => console.error("page error:", error.message));
    let signer = new Wallet(KEYS.requester, chain);
    let rejectNextSignature = false;
    await page.exposeFunction("__hardhatWallet", async (method: string, params: unknown[]) => {
      if (rejectNextSignature && method === "eth_signTypedData_v4") {
        rejectNextSignature = false;
        return { error: { message: "User rejected the request.", code: 4001 } };
      }
      try {
        return { result: await walletRequest(signer, chain, method, params) };
      } catch (error) {
        const e = error as { shortMessage?: string; message: string; code?: unknown; data?: string; info?: { error?: { data?: string } } };
        return { error: { message: e.shortMessage ?? e.message, code: typeof e.code === "number" ? e.code : -32603, data: e.data ?? e.info?.error?.data } };
      }
    });
    await page.addInitScript(INJECTED_PROVIDER);

    // What each account holds once it has had the faucet's 1,000 MDC (the trainers hold a minted stake too).
    const afterFaucet: Record<Who, string> = { requester: "1,000 MDC", trainerA: "1,000,000,001,000.000000000000000007 MDC",
      trainerB: "1,000,000,001,000.000000000000000007 MDC", verifier: "1,000 MDC" };
    const as = async (who: Who) => {
      signer = new Wallet(KEYS[who], chain);
      await page.goto("about:blank"); // a fresh page load: the app forgets the previous account
      await page.goto(`${site}/#/`);
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await page.locator("#balance").waitFor();
      if (await page.locator("#faucet").isVisible()) {
        await page.locator("#faucet").click();
        await page.locator("#balance", { hasText: afterFaucet[who] }).waitFor();
        assert.equal(await page.locator("#balance").textContent(), afterFaucet[who], "the balance is shown exact to the wei");
        assert.equal(await page.locator("#faucet").count(), 0, "the faucet button goes once the airdrop is claimed");
      }
    };
    const shot = async (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
    mkdirSync(screenshots, { recursive: true });

    // The requester posts a bounty: one permit signature and one transaction; the reveal kit downloads.
    await as("requester");
    await page.goto(`${site}/#/new`);
    await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "points.csv", mimeType: "text/csv", buffer: dataset(300) });
    await page.getByLabel("Label column").selectOption("label");
    await page.getByLabel("Title").fill("Above or below the line");
    await page.getByLabel("Description").fill("Two coordinates; is the point above the line y = x?");
    await page.getByLabel("Submissions close in (minutes)").fill("10");
    await page.getByLabel("Response window (minutes)").fill("10");
    await page.getByLabel("Reward (MDC)").fill("18.446744073709551617");
    await page.getByLabel("Trainer stake (MDC)").fill("1000000000000.000000000000000007");
    await shot("1-post-a-bounty");
    rejectNextSignature = true; // the requester changes its mind at the permit: nothing is sent, and it can try again
    await page.getByRole("button", { name: "Upload, sign and post" }).click();
    await page.locator("#notice", { hasText: "You rejected the request in your wallet; nothing was sent." }).waitFor();
    const revealKitDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Upload, sign and post" }).click();
    const revealKit = path.join(work, "reveal-kit.json");
    await (await revealKitDownload).saveAs(revealKit);
    await page.waitForURL(/#\/bounty\/0x[0-9a-f]{64}/);
    const bountyId = page.url().split("/bounty/")[1];
    await page.locator("#phase", { hasText: "Open" }).waitFor();
    assert.deepEqual(permits.at(-1), { spender: contracts.bountyMarket.toLowerCase(), value: REWARD.toString() }, "the requester's permit is the reward, to the wei");
    // The API sends amounts as decimal strings, and the page shows them exact.
    const apiBounty = await (await fetch(`${site}/api/bounties/${bountyId}`)).text();
    assert.match(apiBounty, /"reward":"18446744073709551617"/);
    assert.match(apiBounty, /"trainerStake":"1000000000000000000000000000007"/);
    assert.equal((await (await fetch(`${site}/api/config`)).json()).airdropAmount, (1000n * MDC).toString());
    const facts = await page.locator("dl.facts dd").allTextContents();
    assert.ok(facts.includes("18.446744073709551617 MDC"), `the reward is shown exact: ${facts}`);
    assert.ok(facts.includes("1,000,000,000,000.000000000000000007 MDC"), `the stake is shown exact: ${facts}`);
    await shot("2-bounty-open");

    // Two trainers train baselines with the CLI and commit through the UI (the server checks each model first).
    const kits: Record<string, string> = {};
    for (const [who, args] of [["trainerA", ["--epochs", "10"]], ["trainerB", ["--epochs", "1", "--learning-rate", "0.001"]]] as [Who, string[]][]) {
      const out = path.join(work, who);
      const trained = spawnSync(java, ["-jar", jar("cli"), "train", "baseline", "--bounty", bountyId, "--out", out, "--rpc", rpcUrl,
        "--deployment", deployment, "--store", store, ...args], { encoding: "utf8" });
      assert.equal(trained.status, 0, trained.stderr);
      await as(who);
      await page.goto(`${site}/#/bounty/${bountyId}`);
      await page.getByLabel("Predictions (CSV with one column, or JSON)").setInputFiles(path.join(out, "predictions.csv"));
      await page.getByLabel("Model (ONNX)").setInputFiles(path.join(out, "model.onnx"));
      await page.locator("#submit-form", { hasText: "Committing stakes 1,000,000,000,000.000000000000000007 MDC." }).waitFor();
      const kitDownload = page.waitForEvent("download");
      await page.getByRole("button", { name: "Check, commit and stake" }).click();
      kits[who] = path.join(work, `${who}-kit.json`);
      await (await kitDownload).saveAs(kits[who]);
      await page.locator("#notice", { hasText: "Committed." }).waitFor({ timeout: 60_000 });
      // The permit is for the stake to the wei (through a double, 10^30 + 7 would be 1000000000000000019884624838656), and that is what left.
      assert.deepEqual(permits.at(-1), { spender: contracts.bountyMarket.toLowerCase(), value: STAKE.toString() }, "the trainer's permit is the stake, to the wei");
      assert.equal(await coin.balanceOf(new Wallet(KEYS[who]).address), 1000n * MDC, "the trainer keeps the faucet's 1,000 MDC, exactly");
    }

    // Time passes; the requester reveals with its kit; the trainers claim with theirs.
    await chain.send("evm_increaseTime", [601]);
    await chain.send("evm_mine", []);
    await as("requester");
    await page.goto(`${site}/#/bounty/${bountyId}`);
    await page.getByLabel("Reveal kit (the file you saved when posting)").setInputFiles(revealKit);
    await page.getByRole("button", { name: "Reveal the test labels" }).click();
    await page.locator("#notice", { hasText: "The labels are revealed" }).waitFor({ timeout: 60_000 });
    for (const who of ["trainerA", "trainerB"] as Who[]) {
      await as(who);
      await page.goto(`${site}/#/bounty/${bountyId}`);
      await page.getByLabel("Trainer kit").setInputFiles(kits[who]);
      await page.getByRole("button", { name: "Claim my accuracy" }).click();
      await page.locator("#notice", { hasText: "Claimed." }).waitFor({ timeout: 60_000 });
    }
    // A second claim is refused by the contract, and the page says which custom error and why.
    await page.getByRole("button", { name: "Claim my accuracy" }).click();
    await page.locator("#notice", { hasText: "The contract refused: WrongSubmissionStatus(" }).waitFor({ timeout: 30_000 });
    await shot("3-bounty-claimed");

    // The claiming window ends; the best claim reveals; the server's verifier re-runs the model and attests.
    await chain.send("evm_increaseTime", [601]);
    await chain.send("evm_mine", []);
    // The best claim, as the contract ranks it (the head of its claim list), must reveal.
    const marketAbi = JSON.parse(readFileSync(path.join(root, "artifacts/contracts/BountyMarket.sol/BountyMarket.json"), "utf8")).abi;
    const marketAddress = JSON.parse(readFileSync(deployment, "utf8")).bountyMarket as string;
    const best = ((await new Contract(marketAddress, marketAbi, chain).getBounty(bountyId)).claimHead as string).toLowerCase();
    const winner = (Object.keys(kits) as Who[]).find((who) => new Wallet(KEYS[who]).address.toLowerCase() === best)!;
    await as(winner);
    await page.goto(`${site}/#/bounty/${bountyId}`);
    await page.getByLabel("Trainer kit").setInputFiles(kits[winner]);
    await page.getByRole("button", { name: "Reveal my predictions and model" }).click();
    await page.locator("#winner", { hasText: best }).waitFor({ timeout: 120_000 });
    await page.locator("#verdict", { hasText: "Reproduced" }).waitFor({ timeout: 30_000 });
    await page.locator("table.matrix").waitFor();
    assert.equal(await page.locator("#phase").textContent(), "Completed");
    await shot("4-bounty-completed");
    // The payout, to the wei: the winner's reward and stake back as credits; the audit's JSON says the same in strings.
    const market = new Contract(marketAddress, marketAbi, chain);
    assert.equal(await market.credits(best), REWARD + STAKE);
    const audited = spawnSync(java, ["-jar", jar("cli"), "audit", bountyId, "--json", "--rpc", rpcUrl, "--deployment", deployment,
      "--store", store], { encoding: "utf8" });
    assert.equal(audited.status, 0, audited.stdout + audited.stderr);
    const audit = JSON.parse(audited.stdout);
    assert.equal(audit.passed, true);
    assert.deepEqual([audit.money.reward, audit.money.trainerStake, audit.money.credited[best], audit.money.escrow],
      [REWARD.toString(), STAKE.toString(), (REWARD + STAKE).toString(), STAKE.toString()], "the audit's amounts are exact decimal strings");

    // Everyone: the list, and the verified model in the registry with a prediction.
    await page.goto(`${site}/#/?phase=Completed`);
    await page.getByRole("link", { name: bountyId.slice(0, 6), exact: false }).first().waitFor();
    await page.locator("#list td", { hasText: "18.446744073709551617 MDC" }).first().waitFor();
    await shot("5-bounty-list");
    await page.goto(`${site}/#/models`);
    await page.getByRole("link", { name: "Above or below the line" }).click();
    await page.getByLabel(/Rows: one per line/).fill("1,9\n9,1");
    await page.getByRole("button", { name: "Predict" }).click();
    await page.locator("#predictions td", { hasText: /above|below/ }).first().waitFor();
    await shot("6-model");

    // A wrong network is named, with a way out.
    await page.evaluate(() => (window as unknown as { __switchChain: (id: string) => void }).__switchChain("0x1"));
    await page.locator(".warn", { hasText: "Wrong network" }).waitFor();
    console.log(`e2e: passed (bounty ${bountyId} won by ${best}); screenshots in ${path.relative(root, screenshots)}/`);
  } finally {
    openBrowser = browser;
  }
}

/** What the injected wallet does for the page: Hardhat accounts sign, everything else goes to the node. */
async function walletRequest(signer: Wallet, chain: JsonRpcProvider, method: string, params: unknown[]): Promise<unknown> {
  switch (method) {
    case "eth_requestAccounts":
    case "eth_accounts":
      return [signer.address];
    case "eth_sendTransaction": {
      const tx = params[0] as { to: string; data: string; value?: string; gas?: string };
      const sent = await signer.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ?? 0 });
      return sent.hash;
    }
    case "eth_signTypedData_v4": {
      const typed = JSON.parse(params[1] as string) as { domain: object; types: Record<string, TypedDataField[]>; message: Record<string, unknown> };
      const { EIP712Domain: _, ...types } = typed.types;
      const signature = await signer.signTypedData(typed.domain, types, typed.message);
      if (typed.types.Permit) permits.push({ spender: String(typed.message.spender).toLowerCase(), value: String(typed.message.value) });
      return signature;
    }
    case "wallet_switchEthereumChain":
      return null;
    default:
      return chain.send(method, params);
  }
}

/** An EIP-1193 provider for the page, announced through EIP-6963, that forwards to the test's wallet. */
const INJECTED_PROVIDER = `(() => {
  const listeners = {};
  let chainOverride = null;
  const provider = {
    async request({ method, params }) {
      if (method === "eth_chainId" && chainOverride) return chainOverride;
      const answer = await window.__hardhatWallet(method, params || []);
      if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
      return answer.result;
    },
    on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
    removeListener(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); },
  };
  window.__switchChain = (id) => { chainOverride = id; (listeners.chainChanged || []).forEach((l) => l(id)); };
  const info = { uuid: "6f9f8f3c-0b7e-4f4e-9a43-7d1c2f4b1e2a", name: "Hardhat test wallet", icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E", rdns: "org.hardhat.test" };
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;

/** Two coordinates and whether the point lies above the line y = x, with a little noise. */
function dataset(rows: number): Buffer {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ["x,y,label"];
  for (let i = 0; i < rows; i++) {
    const x = random() * 10;
    const y = random() * 10;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${(y > x) !== (random() < 0.05) ? "above" : "below"}`);
  }
  return Buffer.from(lines.join("\n") + "\n");
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error("e2e: FAILED:", error);
  await (failurePage as Page | null)?.screenshot({ path: path.join(screenshots, "failure.png"), fullPage: true }).catch(() => undefined);
  console.error(`logs in ${work}`);
} finally {
  await (openBrowser as { close(): Promise<void> } | null)?.close();
  for (const child of started.reverse()) child.kill();
  await new Promise((resolve) => setTimeout(resolve, 500));
  if (!failed) rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}
