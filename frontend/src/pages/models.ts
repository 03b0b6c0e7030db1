import { get, postForm, postJson, type RegisteredModel } from "../api";
import { CsvReader } from "../csv";
import { short, when } from "../format";
import { hexCode } from "../hex";
import { html, render } from "../html";
import { act, main, resultSlot } from "../ui";
import { cidCode } from "../ipfs/cid";

/** A classification model's class (its name absent when the index names none), or a regression model's number. */
interface Prediction {
  classIndex?: number;
  className?: string;
  value?: number;
}

const isRegressionModel = (m: RegisteredModel) => m.task === "regression";

/** The verified score: an accuracy, or a regression model's mean absolute error in its target's unit. */
function verifiedScore(m: RegisteredModel, digits: number): string {
  if (isRegressionModel(m)) return m.meanAbsoluteError === null ? "—" : `mean error ${Number(m.meanAbsoluteError.toPrecision(6))}`;
  return m.accuracy === null ? "—" : (100 * m.accuracy).toFixed(digits) + "%";
}

/** The features a model reads, with their kinds; the first 30 of a wide model. */
function featureList(m: RegisteredModel): string {
  const shown = m.features.slice(0, 30).map((f) => `${f.name} (${f.type === "string" ? "text" : "number"})`).join(", ");
  return m.features.length > 30 ? `${shown}, … (${m.features.length} in all)` : shown;
}

/**
 * The pasted rows (CSV without a header: a text holding a comma in quotes), each a cell a feature; an empty cell is a
 * missing value. Errors name the pasted line.
 */
function pastedRows(text: string, m: RegisteredModel): string[][] {
  const reader = CsvReader.forPieces("rows", m.features.map((f) => f.name));
  const rows: string[][] = [];
  for (let line = 1, rest = text; ; line = reader.nextLine) {
    const row = reader.readRecordFrom(rest, line, true);
    if (!row) return rows;
    rows.push(row);
    rest = rest.slice(reader.consumed);
  }
}

/** The registry: verified models, searchable. */
export async function modelsPage(query: URLSearchParams): Promise<void> {
  const q = query.get("q") ?? "";
  render(main(), html`
    <h1>Models</h1>
    <form id="search" class="filters" role="search"><label>Search <input name="q" value="${q}" type="search"></label>
      <button type="submit">Search</button></form>
    <div id="models" aria-busy="true">Loading…</div>`);
  main().querySelector("#search")!.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/models?q=${encodeURIComponent(String(new FormData(event.target as HTMLFormElement).get("q")))}`;
  });
  const models = await get<RegisteredModel[]>(`/api/models?q=${encodeURIComponent(q)}`);
  const list = main().querySelector<HTMLElement>("#models")!;
  list.removeAttribute("aria-busy");
  render(list, models.length === 0 ? html`<p>No model yet: models enter the registry when a verifier reproduces them.</p>` : html`
    <table class="table"><thead><tr><th scope="col">Model</th><th scope="col">Author</th><th scope="col">Verified score</th>
      <th scope="col">Predicts</th><th scope="col">Downloads</th><th scope="col">Predictions</th></tr></thead><tbody>
    ${models.map((m) => html`<tr><td><a href="#/models/${m.id}">${m.name}</a></td><td>${hexCode(m.author, "author")}</td>
      <td>${verifiedScore(m, 1)}</td><td>${isRegressionModel(m) ? "a number" : `${m.classNames.length} classes`}</td>
      <td>${m.downloads}</td><td>${m.predictions} (${m.rowsPredicted} rows)</td></tr>`)}</tbody></table>`);
}

/** One model: what it is, its usage, download, and a predict form (rows pasted or a CSV). */
export async function modelPage(id: string): Promise<void> {
  if (!/^[0-9]{1,18}$/.test(id)) throw new Error("That is not a model id (a number).");
  const model = await get<RegisteredModel>(`/api/models/${id}`);
  render(main(), html`
    <h1>${model.name}</h1>
    ${model.description && html`<p>${model.description}</p>`}
    <dl class="facts">
      <dt>Author</dt><dd>${hexCode(model.author, "author")}</dd>
      <dt>Bounty</dt><dd>${model.bountyId ? html`<a href="#/bounty/${model.bountyId}">${short(model.bountyId)}</a>` : "—"}</dd>
      <dt>Verified on its bounty's test set</dt><dd>${isRegressionModel(model) ? verifiedScore(model, 2) : `accuracy ${verifiedScore(model, 2)}`}</dd>
      <dt>Input</dt><dd>${model.featureCount} features: ${featureList(model)}</dd>
      ${isRegressionModel(model) ? html`<dt>Predicts</dt><dd>a number, to ${model.targetDecimals} decimals</dd>`
        : html`<dt>Classes</dt><dd>${model.classNames.join(", ")}</dd>`}
      <dt>Size</dt><dd>${(model.sizeBytes / 1024).toFixed(1)} KiB, ${model.parameterCount.toLocaleString("en-US")} parameters</dd>
      <dt>Registered</dt><dd>${when(Date.parse(model.createdAt) / 1000)}</dd>
      <dt>Usage</dt><dd id="usage">${model.downloads} downloads, ${model.predictions} predict calls, ${model.rowsPredicted} rows predicted</dd>
    </dl>
    <p><a class="button" href="/api/models/${model.id}/download" download="model-${model.id}.onnx">Download ONNX</a>
      ${cidCode(model.cid)}</p>
    <h2>Predict</h2>
    <form id="predict" class="stack">
      <label>Rows: one per line, ${model.featureCount} comma-separated values each (numbers or text as listed above; a text holding a
        comma in quotes; an empty value is missing)
        <textarea name="rows" rows="4" placeholder="${model.features.slice(0, 6).map((f) => (f.type === "string" ? "text" : "0")).join(",")}${model.featureCount > 6 ? ",…" : ""}"></textarea></label>
      <label>…or a CSV file with a header row and these columns in this order <input type="file" name="file" accept=".csv,text/csv"></label>
      <button type="submit">Predict</button>
      ${resultSlot("predict-result")}
    </form>
    <div id="predictions" aria-live="polite"></div>`);
  const form = main().querySelector<HTMLFormElement>("#predict")!;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    act(form.querySelector("button"), "Predicting…", form.querySelector<HTMLElement>("#predict-result")!, async (report) => {
      const file = form.querySelector<HTMLInputElement>("input[name=file]")!.files?.[0];
      let response: { predictions: Prediction[] };
      if (file) {
        const upload = new FormData();
        upload.set("file", file);
        response = await postForm(`/api/models/${id}/predict`, upload, () => undefined);
      } else {
        const rows = pastedRows(String(new FormData(form).get("rows")), model);
        if (rows.length === 0) throw new Error("Paste at least one row or choose a CSV file.");
        response = await postJson(`/api/models/${id}/predict`, { rows });
      }
      render(main().querySelector("#predictions")!, html`<table class="table"><thead><tr><th scope="col">Row</th><th scope="col">${isRegressionModel(model) ? "Prediction" : "Class"}</th></tr></thead>
        <tbody>${response.predictions.map((p, i) => html`<tr><td>${i + 1}</td><td>${isRegressionModel(model) ? String(p.value)
          : p.className ?? `class ${p.classIndex}`}</td></tr>`)}</tbody></table>`);
      report(`${response.predictions.length} predictions: the table below.`, "success");
    });
  });
}
