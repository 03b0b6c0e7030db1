// The single-page UI: a hash router over the pages, and the wallet widget in the header.
import "./style.css";
import { get, type ChainConfig } from "./api";
import { mdc, wei } from "./format";
import { enableCopyButtons, hexCode } from "./hex";
import { html, render } from "./html";
import { bountiesPage } from "./pages/bounties";
import { bountyPage } from "./pages/bounty";
import { createPage } from "./pages/create";
import { modelPage, modelsPage } from "./pages/models";
import { act, main, sayCarried } from "./ui";
import { Wallet, explain } from "./wallet";

let wallet: Wallet | null = null;
let leavePage: (() => void) | void;

/** Counts the visits, so that a page the user already left (its requests still running) cannot show its errors over the next. */
let visits = 0;

async function route(): Promise<void> {
  const visit = ++visits;
  leavePage?.();
  leavePage = undefined;
  const [path, queryText = ""] = location.hash.replace(/^#/, "").split("?");
  const query = new URLSearchParams(queryText);
  const parts = path.split("/").filter(Boolean);
  try {
    if (parts[0] === "bounty" && parts[1]) {
      const leave = await bountyPage(parts[1], wallet);
      if (visit === visits) leavePage = leave;
      else leave(); // left while it loaded: its refreshes stop
    }
    else if (parts[0] === "new") createPage(wallet);
    else if (parts[0] === "models" && parts[1]) await modelPage(parts[1]);
    else if (parts[0] === "models") await modelsPage(query);
    else if (wallet) await bountiesPage(query);
    else await modelsPage(query);
  } catch (error) {
    if (visit !== visits) return;
    showError(explain(error));
  }
  if (visit !== visits) return;
  // A message carried from the page before (a bounty just posted) is said, and focused, in the new page's result slot.
  if (!sayCarried(main().querySelector<HTMLElement>("#action-result"))) main().focus({ preventScroll: true });
}

/** The error page: the message as text, whatever it holds. */
function showError(message: string): void {
  const heading = document.createElement("h1");
  heading.textContent = "Something went wrong";
  const paragraph = document.createElement("p");
  paragraph.textContent = message;
  main().replaceChildren(heading, paragraph);
}

async function renderWallet(): Promise<void> {
  const box = document.querySelector<HTMLElement>("#wallet")!;
  const notice = document.querySelector<HTMLElement>("#notice")!; // under the header: what its buttons did is said where they are
  if (!wallet) {
    box.textContent = "Registry only (no chain)";
    return;
  }
  if (!wallet.connected) {
    render(box, html`<button id="connect" type="button">Connect wallet</button>`);
    box.querySelector<HTMLButtonElement>("#connect")!.onclick = (event) =>
      act(event.target as HTMLButtonElement, "Connecting…", notice, async () => {
        await wallet!.connect();
        await route();
      });
    return;
  }
  if (!wallet.onRightNetwork) {
    render(box, html`<span class="warn">Wrong network (chain ${wallet.chainId ?? "unknown"})</span>
      <button id="switch" type="button">Switch to chain ${wallet.config.chainId}</button>`);
    box.querySelector<HTMLButtonElement>("#switch")!.onclick = (event) =>
      act(event.target as HTMLButtonElement, "Switching…", notice, () => wallet!.switchNetwork());
    return;
  }
  const balance = await wallet.balance().catch(() => null);
  const faucet = wei(wallet.config.airdropAmount) > 0n && !(await wallet.hasClaimedAirdrop().catch(() => true));
  render(box, html`${hexCode(wallet.address, "address of your account")}
    <span id="balance">${balance === null ? "" : mdc(balance)}</span>
    ${faucet && html`<button id="faucet" type="button">Get ${mdc(wallet.config.airdropAmount)}</button>`}`);
  box.querySelector<HTMLButtonElement>("#faucet")?.addEventListener("click", (event) =>
    act(event.target as HTMLButtonElement, "Claiming…", notice, async (report) => {
      await wallet!.claimAirdrop();
      report("ModelCoin from the faucet is in your wallet.", "success");
      await renderWallet();
    }));
}

async function start(): Promise<void> {
  try {
    wallet = new Wallet(await get<ChainConfig>("/api/config"));
    wallet.listeners.add(() => void renderWallet());
  } catch {
    wallet = null; // the server follows no chain: the registry still works
  }
  enableCopyButtons();
  await wallet?.reconnect().catch(() => false); // a wallet the user connected before: no prompt, no button to press again
  await renderWallet();
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();
