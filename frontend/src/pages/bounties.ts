import { get, type Bounty } from "../api";
import { fetchIpfsJson } from "../ipfs/cid";
import { countdown, mdc, short } from "../format";
import { hexCode } from "../hex";
import { html, render } from "../html";
import { PHASES } from "../protocol/phases";
import { main } from "../ui";

/** Titles read from the bounties' metadata, by metadata CID (a CID's content never changes). */
const titles = new Map<string, Promise<string | null>>();

/** The title in a bounty's metadata on IPFS, or null when it cannot be read (the list then shows the bounty's id). */
function titleOf(metadataCid: string | null): Promise<string | null> {
  if (metadataCid === null) return Promise.resolve(null);
  if (!titles.has(metadataCid)) {
    titles.set(metadataCid, fetchIpfsJson<{ title?: unknown }>(metadataCid, "metadata")
      .then((metadata) => (typeof metadata.title === "string" && metadata.title.trim() !== "" ? metadata.title : null), () => {
        titles.delete(metadataCid); // asked again on the next visit
        return null;
      }));
  }
  return titles.get(metadataCid)!;
}

/** The bounty list, newest first, with filters by phase and requester (kept in the URL). */
export async function bountiesPage(query: URLSearchParams): Promise<void> {
  const phase = query.get("phase") ?? "";
  const requester = query.get("requester") ?? "";
  render(main(), html`
    <h1>Bounties</h1>
    <form class="filters" id="filters">
      <label>Phase <select name="phase"><option value="">any</option>
        ${PHASES.slice(1).map((p) => html`<option>${p}</option>`)}</select></label>
      <label>Requester <input name="requester" value="${requester}" placeholder="0x…" pattern="0x[0-9a-fA-F]{40}" size="44"></label>
      <button type="submit">Filter</button>
    </form>
    <div id="list" aria-busy="true">Loading…</div>`);
  const filters = main().querySelector<HTMLFormElement>("#filters")!;
  filters.querySelector<HTMLSelectElement>("select[name=phase]")!.value = phase;
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const params = new URLSearchParams([...form.entries()].filter(([, v]) => v !== "") as [string, string][]);
    location.hash = `#/?${params}`;
  });
  const params = new URLSearchParams();
  if (phase) params.set("phase", phase);
  if (requester) params.set("requester", requester);
  const bounties = await get<Bounty[]>(`/api/bounties?${params}`);
  const list = main().querySelector<HTMLElement>("#list")!;
  list.removeAttribute("aria-busy");
  render(list, bounties.length === 0 ? html`<p>No bounty matches.</p>` : html`
    <table class="table"><caption class="sr-only">Bounties</caption>
      <thead><tr><th scope="col">Bounty</th><th scope="col">Phase</th><th scope="col">Reward</th><th scope="col">Stake</th>
        <th scope="col">Test rows</th><th scope="col">This step ends</th><th scope="col">Requester</th></tr></thead>
      <tbody>${bounties.map((b) => html`
        <tr><td><a href="#/bounty/${b.id}" class="bounty-title" title="${b.id}">${short(b.id)}</a></td><td><span class="phase ${b.phase}">${b.phase}</span></td>
          <td>${mdc(b.reward)}</td><td>${mdc(b.trainerStake)}</td><td>${b.testSize}</td>
          <td>${b.phaseDeadline > 0 ? countdown(b.phaseDeadline, b.now) : "—"}</td><td>${hexCode(b.requester, "requester")}</td></tr>`)}
      </tbody></table>`);
  // Each title as its metadata arrives; until then, and when it cannot be read, the shortened id.
  bounties.forEach((b, i) => void titleOf(b.metadataCid).then((title) => {
    const link = list.querySelectorAll<HTMLAnchorElement>("a.bounty-title")[i];
    if (title !== null && link?.getAttribute("href") === `#/bounty/${b.id}`) link.textContent = title;
  }));
}
