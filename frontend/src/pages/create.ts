import { parseUnits } from "ethers";
import { postForm, type PreparedBounty } from "../api";
import { download } from "../format";
import { html, render } from "../html";
import { act, main, notify } from "../ui";
import type { Wallet } from "../wallet";
import { withPermit } from "./bounty";

/** The requester's form: a labelled CSV and the bounty's terms in; one permit signature and one transaction out. */
export function createPage(wallet: Wallet | null): void {
  if (!wallet) {
    render(main(), html`<h1>Post a bounty</h1><p>This server follows no chain, so bounties cannot be posted here.</p>`);
    return;
  }
  render(main(), html`
    <h1>Post a bounty</h1>
    <form id="create" class="stack">
      <label>Labelled dataset (CSV with a header row) <input type="file" name="file" accept=".csv,text/csv" required></label>
      <label>Label column <select name="labelColumn" required><option value="">choose the CSV first</option></select></label>
      <label>Title <input name="title" required maxlength="200"></label>
      <label>Description <textarea name="description" rows="3"></textarea></label>
      <div class="row">
        <label>License <input name="license" placeholder="e.g. CC-BY-4.0"></label>
        <label>Provenance <input name="provenance" placeholder="where the data comes from"></label>
      </div>
      <div class="row">
        <label>Test fraction <input name="testFraction" type="number" min="0.01" max="0.99" step="0.01" value="0.2" required></label>
        <label>Reward (MDC) <input name="reward" type="number" min="0" step="any" value="100" required></label>
        <label>Trainer stake (MDC) <input name="trainerStake" type="number" min="0" step="any" value="10" required></label>
      </div>
      <div class="row">
        <label>Submissions close in (minutes) <input name="deadlineMinutes" type="number" min="1" value="60" required></label>
        <label>Response window (minutes) <input name="windowMinutes" type="number" min="1" value="60" required></label>
        <label>Max submissions <input name="maxSubmissions" type="number" min="1" max="1000" value="100" required></label>
      </div>
      <label>Verifier (address; empty for none) <input name="verifier" pattern="0x[0-9a-fA-F]{40}" value="${wallet.config.verifier ?? ""}" size="44"></label>
      <progress id="create-progress" value="0" max="1" hidden aria-label="Upload progress"></progress>
      <button type="submit">Upload, sign and post</button>
    </form>`);
  const form = main().querySelector<HTMLFormElement>("#create")!;
  const fileInput = form.querySelector<HTMLInputElement>("input[name=file]")!;
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    const header = (await file.slice(0, 65536).text()).split(/\r?\n/, 1)[0].split(",").map((c) => c.trim().replace(/^"|"$/g, ""));
    const select = form.querySelector<HTMLSelectElement>("select[name=labelColumn]")!;
    render(select, html`${header.map((c) => html`<option>${c}</option>`)}`);
    if (header.includes("label")) select.value = "label";
    else select.selectedIndex = header.length - 1;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(form.querySelector("button[type=submit]"), "Uploading…", async () => {
      if (!wallet.connected) throw new Error("Connect a wallet first: it signs the bounty.");
      if (!wallet.onRightNetwork) throw new Error(`Switch your wallet to chain ${wallet.config.chainId} first.`);
      const values = new FormData(form);
      const now = (await wallet.latestBlock()) ?? Math.floor(Date.now() / 1000);
      const reward = parseUnits(String(values.get("reward")), 18);
      const upload = new FormData();
      upload.set("file", values.get("file") as File);
      for (const name of ["labelColumn", "title", "description", "license", "provenance", "testFraction", "maxSubmissions", "verifier"]) {
        upload.set(name, String(values.get(name) ?? ""));
      }
      upload.set("requester", wallet.address!);
      upload.set("reward", reward.toString());
      upload.set("trainerStake", parseUnits(String(values.get("trainerStake")), 18).toString());
      upload.set("submissionDeadline", String(now + 60 * Number(values.get("deadlineMinutes"))));
      upload.set("responseWindow", String(60 * Number(values.get("windowMinutes"))));
      const progress = form.querySelector<HTMLProgressElement>("#create-progress")!;
      progress.hidden = false;
      const prepared = await postForm<PreparedBounty>("/api/requester/bounties", upload, (share) => (progress.value = share));
      download(`reveal-kit-${prepared.bountyId.slice(0, 10)}.json`, JSON.stringify(prepared.revealKit, null, 2));
      notify("Your reveal kit was downloaded. Keep it safe: without it you cannot reveal the labels and you lose the reward. "
        + "Now sign the permit and confirm the transaction in your wallet.", "info");
      await wallet.send(await withPermit(wallet, prepared.create, reward, "createBounty"));
      notify(`Bounty posted with ${prepared.metadata.testSize} hidden test labels. Keep your reveal kit.`, "success");
      await indexed(prepared.bountyId);
      location.hash = `#/bounty/${prepared.bountyId}`;
    });
  });
}

/** Waits until the server's indexer has seen the new bounty (a block or two), so its page can show it. */
async function indexed(bountyId: string): Promise<void> {
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await fetch(`/api/bounties/${bountyId}`)).ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
