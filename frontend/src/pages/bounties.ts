import { get, type Bounty } from "../api";
import { countdown, mdc, short } from "../format";
import { html, render } from "../html";
import { PHASES } from "../phases";
import { main } from "../ui";


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
        <tr><td><a href="#/bounty/${b.id}">${short(b.id)}</a></td><td><span class="phase ${b.phase}">${b.phase}</span></td>
          <td>${mdc(b.reward)}</td><td>${mdc(b.trainerStake)}</td><td>${b.testSize}</td>
          <td>${b.phaseDeadline > 0 ? countdown(b.phaseDeadline, b.now) : "—"}</td><td><code>${short(b.requester)}</code></td></tr>`)}
      </tbody></table>`);
}
