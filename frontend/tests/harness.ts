// What the browser tests share: a Hardhat node with the contracts deployed and the server jar following it, or
// scripts/dev itself as a user starts it; headless
// Chromium with an injected EIP-1193 wallet (announced through EIP-6963) that signs with Hardhat's test accounts,
// the UI's Content-Security-Policy enforced on every page, the permits that wallet signs, the server's API called as
// a client of it, and the processes stopped at the end.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Contract, Interface, JsonRpcProvider, Wallet, getBytes, type InterfaceAbi, type TypedDataField } from "ethers";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CLIENT_HEADER } from "../src/api";
import { CSP } from "../src/csp";

export const root = path.resolve(import.meta.dirname, "../..");
export const work = mkdtempSync(path.join(tmpdir(), "modelmarket-ui-"));
export const screenshots = path.join(root, ".run", "ui-screenshots");
export const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
/** How to stop each process a test started (throws if it leaves something running), in the order they started. */
const stops: (() => Promise<void>)[] = [];
/** Folders removed when a test passes (kept with its logs when it fails). */
const scratch: string[] = [work];
let failurePage: Page | null = null;
let openBrowser: Browser | null = null;

// Hardhat's public development keys: the deployer (ModelCoin's owner, the one account that may mint), requester,
// two trainers, the server's verifier, and a verifier the test plays.
export const KEYS = {
  owner: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  requester: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  trainerA: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  trainerB: "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  verifier: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  rogueVerifier: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
};
export type Who = keyof typeof KEYS;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `command` in the repository root, stopped at the end of the test; its output goes to `log` in the work folder. */
export function start(command: string, args: string[], env: Record<string, string>, log: string): ChildProcess {
  const child = spawnLogged(command, { ...process.env, ...env }, log, args);
  stops.push(async () => {
    child.kill();
    await exited(child, 60);
  });
  return child;
}

function spawnLogged(command: string, env: NodeJS.ProcessEnv, log: string, args: string[] = []): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  child.stdout!.on("data", (chunk) => out.push(String(chunk)));
  child.stderr!.on("data", (chunk) => out.push(String(chunk)));
  child.on("exit", () => writeFileSync(path.join(work, log), out.join("")));
  return child;
}

export async function waitFor(what: string, check: () => Promise<boolean>, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen in ${seconds} s`);
}

/** The ABI of one of our contracts ("ModelCoin", "market/BountyMarket"), from Hardhat's build (npx hardhat build). */
export function abi(contract: string): InterfaceAbi {
  const name = path.basename(contract);
  return JSON.parse(readFileSync(path.join(root, "artifacts", "contracts", `${contract}.sol`, `${name}.json`), "utf8")).abi;
}

export function jar(module: string): string {
  const folder = path.join(root, "backend", module, "target");
  const name = readdirSync(folder).find((f) => f.startsWith(`modelmarket-${module}-`) && f.endsWith(".jar") && !f.includes("-tests"));
  assert.ok(name, `build backend/${module} first (mvn package)`);
  return path.join(folder, name);
}

export interface Stack {
  chain: JsonRpcProvider;
  rpcUrl: string;
  /** The server's origin, e.g. http://127.0.0.1:41234. */
  site: string;
  /** The deployment record (chain-31337.json) the server and the CLI read. */
  deployment: string;
  /** The server's embedded IPFS store. */
  store: string;
  /** The market, the one the server follows and the UI sends to. */
  marketAddress: string;
  coinAddress: string;
}

/** A Hardhat node with the contracts deployed, and the server jar following it with its verifier key. */
export async function startStack(name: string): Promise<Stack> {
  const chainPort = await freePort();
  const serverPort = await freePort();
  const rpcUrl = `http://127.0.0.1:${chainPort}`;
  // No response cache: a test sends transactions back to back, and a cached nonce would be stale.
  const chain = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true, cacheTimeout: -1 });

  // The Hardhat binary itself, not `npx hardhat`: stopping npx would leave the node running.
  start(path.join(root, "node_modules", ".bin", "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(chainPort)], {}, "chain.log");
  await waitFor("the Hardhat node", async () => (await chain.getBlockNumber()) >= 0);
  const deploymentId = `${name}-${process.pid}`;
  const deployed = spawnSync("npx", ["hardhat", "run", "scripts/deploy.ts", "--network", "localhost"], {
    cwd: root, encoding: "utf8",
    env: { ...process.env, MODELMARKET_CHAIN_PORT: String(chainPort), MODELMARKET_DEPLOYMENTS_DIR: work, MODELMARKET_DEPLOYMENT_ID: deploymentId },
  });
  rmSync(path.join(root, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  assert.equal(deployed.status, 0, deployed.stderr);
  const deployment = path.join(work, "chain-31337.json");
  const record = JSON.parse(readFileSync(deployment, "utf8")) as { bountyMarket: string; modelCoin: string };

  const store = path.join(work, "ipfs");
  start(java, ["-jar", jar("server"), `--modelmarket.chain.rpc-url=${rpcUrl}`, `--modelmarket.chain.deployment-file=${deployment}`], {
    MODELMARKET_PORT: String(serverPort), MODELMARKET_DB_URL: `jdbc:h2:mem:${name};DB_CLOSE_DELAY=-1`, MODELMARKET_IPFS_PATH: store,
    MODELMARKET_VERIFIER_KEY: KEYS.verifier,
  }, "server.log");
  const site = `http://127.0.0.1:${serverPort}`;
  await waitFor("the server", async () => (await fetch(`${site}/actuator/health`)).ok, 180);
  return { chain, rpcUrl, site, deployment, store, marketAddress: record.bountyMarket, coinAddress: record.modelCoin };
}

/**
 * ModelMarket as a user runs it: `scripts/dev`, started from the repository root as the README says, so the server jar
 * runs by scripts/dev's relative path and verifies as scripts/dev's account. Only what scripts/dev reads from the
 * environment is chosen: free ports, and a run folder of its own (relative, as its default .run is) holding the
 * deployment record, so that a developer's own scripts/dev keeps running; none of the caller's other MODELMARKET_
 * settings reach it. It is stopped by its PID at the end, and nothing it started may outlive it.
 */
export async function startDev(): Promise<Stack> {
  const chainPort = await freePort();
  const serverPort = await freePort();
  const runFolder = path.join(".run", path.basename(work));
  const deployments = path.join(runFolder, "deployments");
  scratch.push(path.join(root, runFolder));
  const userEnvironment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MODELMARKET_")));
  const dev = spawnLogged("scripts/dev", {
    ...userEnvironment, MODELMARKET_PORT: String(serverPort), MODELMARKET_CHAIN_PORT: String(chainPort),
    MODELMARKET_RUN_DIR: runFolder, MODELMARKET_DEPLOYMENTS_DIR: deployments,
  }, "dev.log");
  stops.push(async () => {
    const tree = descendants(dev.pid!);
    dev.kill(); // SIGTERM, which scripts/dev traps as it does Ctrl-C
    await exited(dev, 60);
    const alive = [String(dev.pid), ...tree].filter((pid) => commandLine(pid) !== null);
    assert.deepEqual(alive.map((pid) => `${pid} ${commandLine(pid)}`), [], "scripts/dev stops everything it started, and itself");
  });
  let printed = "";
  for (const stream of [dev.stdout!, dev.stderr!]) stream.on("data", (chunk) => (printed += String(chunk)));
  const running = () => printed.includes("ModelMarket is running.");
  // It builds the contracts and the server first: minutes on a cold machine.
  await waitFor("scripts/dev to say 'ModelMarket is running.'", async () => running() || dev.exitCode !== null || dev.signalCode !== null, 900);
  assert.ok(running(), `scripts/dev stopped before it was running (its logs are in ${path.join(root, runFolder)}):\n${printed}`);

  const rpcUrl = `http://127.0.0.1:${chainPort}`;
  const chain = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true, cacheTimeout: -1 });
  const deployment = path.join(root, deployments, "chain-31337.json");
  const record = JSON.parse(readFileSync(deployment, "utf8")) as { bountyMarket: string; modelCoin: string };
  const site = `http://127.0.0.1:${serverPort}`;
  await waitFor("the server", async () => (await fetch(`${site}/actuator/health`)).ok, 180);
  return { chain, rpcUrl, site, deployment, store: path.join(root, runFolder, "ipfs"), marketAddress: record.bountyMarket, coinAddress: record.modelCoin };
}

/** The PIDs of every process below `pid`, from /proc. */
function descendants(pid: number): string[] {
  const parents = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)).flatMap((entry) => {
    const stat = readFileOrNull(`/proc/${entry}/stat`);
    // The parent's PID is the second field after the command name, which is in parentheses and may hold spaces.
    return stat === null ? [] : [[entry, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]]];
  });
  const below = (parent: string): string[] => parents.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(String(pid));
}

/** A running process's command line, or null once it is gone. */
function commandLine(pid: string): string | null {
  const line = readFileOrNull(`/proc/${pid}/cmdline`);
  return line === null || line === "" ? null : line.split("\0").join(" ").trim();
}

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/**
 * Calls the server's API as the UI does: JSON accepted and the client header sent, which the server requires on
 * every state-changing request (its CSRF guard, docs/server.md) and ignores on the others.
 */
export function apiFetch(stack: Stack, pathAndQuery: string, init?: RequestInit): Promise<Response> {
  return fetch(`${stack.site}${pathAndQuery}`, { ...init, headers: { Accept: "application/json", [CLIENT_HEADER]: "ui-test", ...init?.headers } });
}

export async function launchBrowser(): Promise<Browser> {
  openBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return openBrowser;
}

/** The directives of a policy, for comparing two spellings of it. */
function directives(policy: string): string[] {
  return policy.split(";").map((d) => d.trim().replace(/\s+/g, " ")).filter(Boolean).sort();
}

/** An EIP-2612 permit the injected wallet signed: whom it lets take tokens, and how many wei as the typed data carried them. */
export interface SignedPermit {
  /** Lower case. */
  spender: string;
  value: string;
}

export interface WalletPage {
  page: Page;
  context: BrowserContext;
  /** The account the injected wallet signs with from the next page load on. */
  use(who: Who): void;
  /** Makes the wallet refuse the next typed-data signature, as a user who clicks Reject. */
  rejectNextSignature(): void;
  /** Every permit the wallet signed, oldest first (a rejected one is not signed). */
  permits: SignedPermit[];
  /** Every Content-Security-Policy violation any page reported, and console errors that name the policy. */
  violations: string[];
  /** What ran that never should have: dialogs opened, window.__xss set. */
  executed: string[];
  /** Everything the page sent, in order: its HTTP requests and what it asked of the wallet (JSON-RPC to the chain included). */
  sent: SentRequest[];
}

/** One request the page sent: an HTTP request (URL and body) or a wallet call (method and parameters). */
export interface SentRequest {
  kind: "http" | "wallet";
  /** The URL, or the JSON-RPC method. */
  target: string;
  /** The body as sent (bytes), or the parameters as JSON text. */
  body: Buffer;
}

/**
 * A page whose wallet signs with Hardhat's accounts, served with the UI's Content-Security-Policy (added to every
 * document when the server sends none; when it sends one, it must be the same policy), reporting every violation.
 * Payloads in the XSS test set `window.__xss` or open a dialog: both are recorded in `executed`.
 */
export async function walletPage(browser: Browser, stack: Stack): Promise<WalletPage> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  failurePage = page;
  const violations: string[] = [];
  const executed: string[] = [];
  const permits: SignedPermit[] = [];
  const sent: SentRequest[] = [];
  let signer = new Wallet(KEYS.requester, stack.chain);
  let reject = false;

  await context.route(`${stack.site}/**`, async (route) => {
    if (route.request().resourceType() !== "document") return route.fallback();
    const response = await route.fetch();
    const headers = response.headers();
    const served = headers["content-security-policy"];
    if (served !== undefined && directives(served).join(";") !== directives(CSP).join(";")) {
      violations.push(`the server sends another Content-Security-Policy than frontend/src/csp.ts: ${served}`);
    }
    await route.fulfill({ response, headers: { ...headers, "content-security-policy": CSP } });
  });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await recordRequests(context, sent);
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  page.on("dialog", (dialog) => {
    executed.push(`a ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.exposeFunction("__cspViolation", (report: string) => violations.push(report));
  await page.exposeFunction("__xssRan", (value: string) => executed.push(`window.__xss = ${value} on ${page.url()}`));
  await page.exposeFunction("__hardhatWallet", async (method: string, params: unknown[]) => {
    sent.push({ kind: "wallet", target: method, body: Buffer.from(JSON.stringify(params ?? [])) });
    if (reject && method === "eth_signTypedData_v4") {
      reject = false;
      return { error: { message: "User rejected the request.", code: 4001 } };
    }
    try {
      return { result: await walletRequest(signer, stack.chain, method, params, permits) };
    } catch (error) {
      const e = error as { shortMessage?: string; message: string; code?: unknown; data?: string; info?: { error?: { data?: string } } };
      return { error: { message: e.shortMessage ?? e.message, code: typeof e.code === "number" ? e.code : -32603, data: e.data ?? e.info?.error?.data } };
    }
  });
  await page.addInitScript(WATCHERS);
  await page.addInitScript(INJECTED_PROVIDER);
  return {
    page, context, violations, executed, permits, sent,
    use: (who) => (signer = new Wallet(KEYS[who], stack.chain)),
    rejectNextSignature: () => (reject = true),
  };
}

/**
 * Records every HTTP request of `context` with its body. Playwright hands a request's body to the test only while a
 * route intercepts it: without one, a Blob, FormData or XMLHttpRequest upload shows no body at all, and a leak scan
 * would pass on empty bodies. So the recorder installs its own route over every URL (it only lets the request go on),
 * and records from the request event, which sees every request whatever other routes the test installs, even those
 * that answer a request themselves. `assertBodiesSeen` checks that it did.
 */
async function recordRequests(context: BrowserContext, sent: SentRequest[]): Promise<void> {
  await context.route("**/*", (route) => route.fallback());
  context.on("request", (request) => sent.push({ kind: "http", target: request.url(), body: request.postDataBuffer() ?? Buffer.alloc(0) }));
}

/**
 * Fails unless the recorder saw the whole body of each upload in `uploads` (a URL prefix and the size the file has):
 * the proof that the leak scan reads bodies, not empty buffers.
 */
export function assertBodiesSeen(sent: SentRequest[], uploads: Record<string, { url: string; size: number }>): void {
  for (const [name, { url, size }] of Object.entries(uploads)) {
    const seen = sent.filter((request) => request.kind === "http" && request.target.startsWith(url)).map((request) => request.body.length);
    assert.ok(seen.includes(size), `the request recorder saw the ${name} upload (${size} bytes) with bodies of ${JSON.stringify(seen)} bytes`);
  }
}

/** Reports CSP violations and XSS payloads that ran (they set window.__xss) to the test. */
const WATCHERS = `(() => {
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + (e.sourceFile || document.URL) + ":" + e.lineNumber));
  Object.defineProperty(window, "__xss", { configurable: false, get: () => undefined, set: (value) => { window.__xssRan(String(value)); } });
})();`;

/** What the injected wallet does for the page: Hardhat accounts sign (permits recorded), everything else goes to the node. */
async function walletRequest(signer: Wallet, chain: JsonRpcProvider, method: string, params: unknown[], permits: SignedPermit[]): Promise<unknown> {
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
      // String(), not BigInt(): a value the page sent as a JSON number (a double) shows here as the rounded figure it is.
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

/**
 * Loads the UI afresh as `who`: the page connects the wallet by itself when it was connected before in this browser
 * (the wallet now answers with `who`'s account), else the test presses "Connect wallet". Then takes the faucet's
 * airdrop once, after which the page must show exactly `balanceAfterFaucet`.
 */
export async function connectAs(wallet: WalletPage, site: string, who: Who, balanceAfterFaucet = "1,000 MDC"): Promise<void> {
  const { page } = wallet;
  wallet.use(who);
  await page.goto("about:blank");
  await page.goto(`${site}/#/`);
  await page.locator("#connect, #balance").first().waitFor();
  if (await page.locator("#connect").isVisible()) await page.locator("#connect").click();
  await page.locator("#balance").waitFor();
  if (await page.locator("#faucet").isVisible()) {
    await page.locator("#faucet").click();
    await page.locator("#balance", { hasText: balanceAfterFaucet }).waitFor();
    assert.equal(await page.locator("#balance").textContent(), balanceAfterFaucet, "the balance is shown exact to the wei");
    assert.equal(await page.locator("#faucet").count(), 0, "the faucet button goes once the airdrop is claimed");
  }
}

const AXE = readFileSync(path.join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");

/**
 * Fails on any WCAG 2.1 A or AA violation axe-core finds on the page as it is now (unlabelled controls, contrast
 * below AA, …). axe is evaluated through the browser's DevTools protocol, as the test's own code: the page's CSP
 * does not apply to it and sees no inline script.
 */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((results) => results.violations.map((v) => v.id + " (" + v.help + "): " + v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ")))`);
  assert.deepEqual(violations, [], `accessibility on ${where}`);
}

/** Fails unless no page reported a CSP violation and no payload ran. */
export function assertClean(wallet: WalletPage, where: string): void {
  assert.deepEqual(wallet.violations, [], `Content-Security-Policy violations ${where}`);
  assert.deepEqual(wallet.executed, [], `script that should never run ran ${where}`);
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(screenshots, { recursive: true });
  return page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** Runs a browser test: on failure a screenshot and the logs' folder; at the end the browser and every process stop. */
export async function run(name: string, test: () => Promise<string>): Promise<never> {
  let failed = false;
  try {
    console.log(`${name}: ${await test()}`);
  } catch (error) {
    failed = true;
    console.error(`${name}: FAILED:`, error);
    mkdirSync(screenshots, { recursive: true });
    await (failurePage as Page | null)?.screenshot({ path: path.join(screenshots, `${name}-failure.png`), fullPage: true }).catch(() => undefined);
    console.error(`logs in ${scratch.join(" and ")}`);
  } finally {
    await (openBrowser as Browser | null)?.close();
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => {
        failed = true;
        console.error(`${name}: FAILED at the stop:`, error);
      });
    }
    if (!failed) for (const folder of scratch) rmSync(folder, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

/** Resolves once `child` has exited, or after `seconds` (the checks after the stop then find what is left). */
function exited(child: ChildProcess, seconds: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** What a user does on the bounty pages, shared by the tests that play a bounty through the UI. */
export interface BountySteps {
  /** Moves the chain's clock on by `seconds` and mines a block. */
  later(seconds: number): Promise<void>;
  /** Opens the bounty's page and waits for its phase. */
  open(bountyId: string, phase: string): Promise<void>;
  /** Saves the file the click downloads as `name`; the page must have named it `suggested` (a pattern), when given. */
  saved(click: () => Promise<void>, name: string, suggested?: RegExp): Promise<string>;
  /**
   * Waits for `text` in the result slot `slot`, and checks that the result is where the user is looking: beside the
   * form that was used (in view, not at the top of a scrolled page), focused, and announced to screen readers.
   */
  said(slot: string, text: string | RegExp, timeout?: number): Promise<void>;
  /** The requester's page takes its reveal kit (a file, or a file's name and bytes) and presses `button`; then says `result`. */
  withRevealKit(bountyId: string, kit: string | { name: string; mimeType: string; buffer: Buffer }, button: string, result: string): Promise<void>;
  /** The connected trainer commits to `model` on the open bounty's page; returns the kit it saved as `file` (its name matched against `kitName`). */
  commitModel(model: string, file: string, kitName: RegExp): Promise<string>;
  /** The connected trainer's page predicts with its kit and model and commits; returns the kit with the predictions, saved as `file`. */
  predictAndCommit(kit: string, model: string, file: string, kitName: RegExp): Promise<string>;
  /**
   * The connected trainer, holding the best claim, reveals its predictions and model with its kit; Revealing ends, and
   * the page shows `winner` (its address), the server verifier's verdict "Reproduced" and the phase Completed.
   */
  revealAndVerify(bountyId: string, kit: string, model: string, winner: string): Promise<void>;
  /** Anyone settles `trainer`'s submission on the ended bounty's page; then the connected account withdraws its credits. */
  settleAndWithdraw(trainer: string): Promise<void>;
}

export function bountySteps(wallet: WalletPage, stack: Stack): BountySteps {
  const { page } = wallet;
  const steps: BountySteps = {
    async later(seconds) {
      await stack.chain.send("evm_increaseTime", [seconds]);
      await stack.chain.send("evm_mine", []);
    },
    async open(bountyId, phase) {
      await page.goto(`${stack.site}/#/bounty/${bountyId}`);
      await page.locator("#phase", { hasText: phase }).waitFor({ timeout: 30_000 });
    },
    async saved(click, name, suggested) {
      const download = page.waitForEvent("download");
      await click();
      const file = path.join(work, name);
      await (await download).saveAs(file);
      if (suggested) assert.match((await download).suggestedFilename(), suggested, "the kit's file name says which kit it is");
      return file;
    },
    async said(slot, text, timeout = 30_000) {
      await page.locator(slot, { hasText: text }).waitFor({ timeout });
      const shown = await page.locator(slot).evaluate((element) => {
        const box = element.getBoundingClientRect();
        return { focused: document.activeElement === element, role: element.getAttribute("role"), live: element.getAttribute("aria-live"),
          // Rounded: an element scrolled to the top of the view may sit a fraction of a pixel above it (scrolling is by whole pixels).
          inView: Math.round(box.top) >= 0 && Math.round(box.bottom) <= window.innerHeight, scrolled: window.scrollY > 0 };
      });
      assert.ok(shown.inView, `${slot} ("${text}") is in view`);
      assert.ok(shown.focused, `${slot} ("${text}") has the focus`);
      assert.ok(["status", "alert"].includes(shown.role ?? "") && ["polite", "assertive"].includes(shown.live ?? ""),
        `${slot} ("${text}") is announced: role ${shown.role}, aria-live ${shown.live}`);
    },
    async withRevealKit(bountyId, kit, button, result) {
      await page.getByLabel(`Reveal kit (the file you saved when posting: reveal-kit-${bountyId.slice(2, 10)}.json)`).setInputFiles(kit);
      await page.getByRole("button", { name: button }).click();
      await steps.said("#action-result", result, 60_000);
    },
    async commitModel(model, file, kitName) {
      await page.getByLabel("Model (ONNX)").setInputFiles(model);
      const kit = await steps.saved(() => page.getByRole("button", { name: "Check, commit and stake" }).click(), file, kitName);
      await steps.said("#action-result", "Committed. Your stake is escrowed until the bounty ends.", 60_000);
      return kit;
    },
    async predictAndCommit(kit, model, file, kitName) {
      await page.getByLabel("Trainer kit").setInputFiles(kit);
      await page.getByLabel("Model (ONNX, the one you committed)").setInputFiles(model);
      const completed = await steps.saved(() => page.getByRole("button", { name: "Predict and commit" }).click(), file, kitName);
      await steps.said("#action-result", "Predictions committed.", 60_000);
      return completed;
    },
    async revealAndVerify(bountyId, kit, model, winner) {
      await steps.open(bountyId, "Revealing");
      await page.getByLabel("Trainer kit").setInputFiles(kit);
      await page.getByLabel("Model (ONNX, the one you committed)").setInputFiles(model);
      await page.getByRole("button", { name: "Reveal my predictions and model" }).click();
      await steps.said("#action-result", "Revealed, and your model is published.", 120_000);
      await steps.later(3600 + 1); // Revealing ends: the verifier's window
      await page.locator(`#winner code[title="${winner}" i]`).waitFor({ timeout: 180_000 });
      await page.locator(".verdict", { hasText: "Reproduced" }).first().waitFor({ timeout: 30_000 });
      await page.locator("#phase", { hasText: "Completed" }).waitFor({ timeout: 30_000 });
    },
    async settleAndWithdraw(trainer) {
      await page.locator(`#settle input[value="${trainer}" i]`).check();
      await page.getByRole("button", { name: "Settle" }).click();
      await steps.said("#action-result", "Settled the submission", 60_000);
      await page.getByRole("button", { name: /^Withdraw / }).click();
      await steps.said("#action-result", "Withdrawn", 60_000);
    },
  };
  return steps;
}

/** The create page's preview of the columns, a row each as "name | role | type | missing" (a type choice by its value). */
export function previewColumns(page: Page): Promise<string[]> {
  return page.locator("#preview-column-types tbody tr").evaluateAll((rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells]
    .map((cell) => cell.querySelector("select")?.value ?? cell.textContent!.trim()).join(" | ")));
}

/** The trainer whose claim the contract recorded as the best (it must reveal). */
export async function bestClaimant(market: Contract, bountyId: string, trainers: string[]): Promise<string> {
  const { bestClaimSequence } = await market.getBounty(bountyId);
  for (const trainer of trainers) if ((await market.getSubmission(bountyId, trainer)).sequence === bestClaimSequence) return trainer;
  throw new Error("no trainer holds the best claim");
}

/** The index of the first wallet call that carries a call to `selector` (from `from`, when given): its transaction's start. */
export function firstCall(sent: SentRequest[], selector: string, from?: string): number {
  const index = sent.findIndex((request) => {
    if (request.kind !== "wallet") return false;
    const [call] = JSON.parse(request.body.toString()) as [{ data?: string; from?: string }?];
    return typeof call?.data === "string" && call.data.startsWith(selector) && (!from || call.from?.toLowerCase() === from.toLowerCase());
  });
  assert.ok(index >= 0, `no request carries a call to ${selector}`);
  return index;
}

/** A trainer kit's secrets, as the file the page downloads holds them. */
export interface TrainerKitFile {
  predictions: string;
  predictionsSalt: string;
  modelSalt: string;
}

/** The secrets of a bounty played in the page: each is checked against the requests sent before its reveal. */
export interface BountySecrets {
  requesterKit: { labels: string; salt: string; sealingKey: string };
  /** Secrets the key release reveals besides the key (the plain test inputs). */
  unsealed?: Record<string, string>;
  /** Each trainer: its kit with the predictions, its model file, and whether it revealed (else its secrets never go). */
  trainers: { name: string; address: string; kit: TrainerKitFile; model: string; revealed: boolean }[];
}

/**
 * Fails if a request the page sent (`sent`) carries a secret before the transaction that reveals it: the sealing key
 * before releaseKey, the labels and their salt before revealGroundTruth, a trainer's predictions, salts and model
 * bytes before its revealSubmission (never, when it did not reveal).
 */
export function assertSecretsKept(sent: SentRequest[], marketAbi: InterfaceAbi, secrets: BountySecrets): void {
  const market = new Interface(marketAbi);
  const revealedAt = (fn: string, from?: string) => firstCall(sent, market.getFunction(fn)!.selector, from);
  const { requesterKit } = secrets;
  assertNotSentBefore(sent, { "sealing key": requesterKit.sealingKey, ...secrets.unsealed }, revealedAt("releaseKey"));
  assertNotSentBefore(sent, { labels: requesterKit.labels, "ground-truth salt": requesterKit.salt }, revealedAt("revealGroundTruth"));
  for (const { name, address, kit, model, revealed } of secrets.trainers) {
    const trainerSecrets = { [`${name}'s predictions`]: kit.predictions, [`${name}'s predictions salt`]: kit.predictionsSalt,
      [`${name}'s model salt`]: kit.modelSalt, [`${name}'s model`]: `0x${readFileSync(model).toString("hex")}` };
    assertNotSentBefore(sent, trainerSecrets, revealed ? revealedAt("revealSubmission", address) : sent.length);
  }
}

/**
 * The four measurements of test/vectors/inference/test-inputs.csv (its header and rows), with the predictions that
 * `model` of `vectors` (a folder of test/vectors) makes on them, as its vectors.json holds them (0x-hex).
 */
export function vectorsData(vectors: string, model: string): { header: string; rows: string[]; predictions: string } {
  const folder = path.join(root, "test", "vectors");
  const { models } = JSON.parse(readFileSync(path.join(folder, vectors, "vectors.json"), "utf8")) as { models: { file: string; predictions?: string }[] };
  const [header, ...rows] = readFileSync(path.join(folder, "inference", "test-inputs.csv"), "utf8").trim().split("\n");
  return { header, rows, predictions: models.find((m) => m.file === model)!.predictions! };
}

/** Fails if any request before `until` holds one of `secrets` (0x-hex) as raw bytes, hex or base64. */
export function assertNotSentBefore(sent: SentRequest[], secrets: Record<string, string>, until: number): void {
  for (const [name, secret] of Object.entries(secrets)) {
    const forms = encodings(getBytes(secret));
    sent.slice(0, until).forEach((request, i) => {
      for (const [form, needle] of forms) {
        assert.ok(!request.body.includes(needle) && !Buffer.from(request.target).includes(needle),
          `request ${i} (${request.kind} ${request.target.slice(0, 80)}) carries the ${name} as ${form} before its reveal`);
      }
    });
  }
}

/** A secret as it could travel: raw, hex in either case, and base64 at each of the three byte alignments. */
function encodings(bytes: Uint8Array): [string, Buffer][] {
  const raw = Buffer.from(bytes);
  const hex = raw.toString("hex");
  const base64 = [0, 1, 2].map((shift) => {
    const text = Buffer.concat([Buffer.alloc(shift), raw]).toString("base64");
    // Leave out the characters that also depend on the bytes around the secret.
    return text.slice(Math.ceil((shift * 4) / 3) + (shift ? 1 : 0), text.length - 4);
  });
  return [["raw bytes", raw], ["hex", Buffer.from(hex)], ["HEX", Buffer.from(hex.toUpperCase())],
    ...base64.map((text, shift): [string, Buffer] => [`base64 (shift ${shift})`, Buffer.from(text)])];
}
