// The requester's look at the data before anything is sealed: each column's type, the label column's class balance
// (classification) or the distribution of its values (regression), and, in the split's own words, why the split would
// refuse the label column with the form's options (a numeric target, a class too small for a stratified split), so the
// requester can pick another column, choose regression, tick "These numbers are classes" or split without
// stratification before waiting for the split.
import { html, render } from "../html";
import { featureColumnsProblem, previewCsv, labelColumnProblem, looksLikeTarget, type CsvPreview } from "../requester/preview";
import { histogram } from "../requester/histogram";
import { explain } from "../wallet";
import { barChart, chartTable } from "./charts";

/** The preview's place in the create form; `dataPreview` fills it. */
export const previewFieldset = html`<fieldset id="data-preview" hidden><legend>Your data (nothing is sealed yet)</legend>
  <p id="preview-status" class="muted" role="status"></p>
  <p id="preview-problem" class="result error" hidden></p>
  <p id="preview-suggestion" hidden>This column looks like a number to predict rather than classes.
    <button type="button" id="choose-regression">Post it as regression</button></p>
  <div id="preview-columns"></div>
  <div class="chart"><canvas id="preview-chart" aria-hidden="true"></canvas></div>
  <div id="preview-balance"></div>
</fieldset>`;

export interface DataPreview {
  /** Reads `file` and shows its columns and the balance of `labelColumn`, dropping a preview still being read. */
  show(file: File, labelColumn: string): Promise<void>;
  /** Says again whether the split would refuse the label column, and draws its picture, with the form's options as they are now. */
  check(): void;
  /** The numeric-looking feature columns the requester marked categorical (the split's categorical set). */
  categorical(): string[];
}

export function dataPreview(form: HTMLFormElement): DataPreview {
  const box = form.querySelector<HTMLElement>("#data-preview")!;
  const status = box.querySelector<HTMLElement>("#preview-status")!;
  const problem = box.querySelector<HTMLElement>("#preview-problem")!;
  const suggestion = box.querySelector<HTMLElement>("#preview-suggestion")!;
  const task = form.querySelector<HTMLSelectElement>("select[name=task]")!;
  let shown: CsvPreview | null = null;
  let drawn: string | null = null;
  let generation = 0;
  box.querySelector("#choose-regression")!.addEventListener("click", () => {
    task.value = "regression";
    task.dispatchEvent(new Event("change", { bubbles: true }));
    task.dispatchEvent(new Event("input", { bubbles: true }));
  });

  const check = () => {
    if (!shown) return;
    const values = new FormData(form);
    const regression = task.value === "regression";
    const message = labelColumnProblem(shown, { testFraction: Number(values.get("testFraction")), stratified: values.get("stratified") !== null,
      classesFromNumbers: values.get("classesFromNumbers") !== null, task: regression ? "regression" : "classification" })
      ?? featureColumnsProblem(shown);
    problem.hidden = message === null;
    problem.textContent = message ?? "";
    suggestion.hidden = regression || message === null || !looksLikeTarget(shown);
    draw(shown, regression);
  };

  /** The class balance, or for regression (when every label is a number) the distribution of the values; drawn again only when that changes. */
  const draw = (preview: CsvPreview, regression: boolean) => {
    const kind = regression && preview.values !== null ? "values" : "classes";
    if (drawn === kind) return;
    drawn = kind;
    const canvas = box.querySelector<HTMLCanvasElement>("#preview-chart")!;
    if (kind === "values") {
      const { bins, series } = histogram([{ label: "Rows", values: preview.values! }]);
      barChart(canvas, bins, series);
      render(box.querySelector("#preview-balance")!, chartTable(`Rows per range of "${preview.labelColumn}"`, bins, series));
      return;
    }
    const series = [{ label: "Rows", values: preview.rowsPerLabel }];
    barChart(canvas, preview.labels, series, { horizontal: preview.labels.length > 12 });
    render(box.querySelector("#preview-balance")!, chartTable(`Rows per value of "${preview.labelColumn}"`, preview.labels, series));
  };

  const show = async (file: File, labelColumn: string) => {
    const mine = ++generation;
    shown = null;
    drawn = null;
    box.hidden = false;
    problem.hidden = true;
    suggestion.hidden = true;
    status.textContent = `Reading ${file.name}…`;
    let preview: CsvPreview | null;
    try {
      preview = await previewCsv(file, file.name, labelColumn,
        (done, total) => (status.textContent = `Reading ${file.name}: ${Math.round((100 * done) / Math.max(total, 1))}%`), () => mine === generation);
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = "";
      problem.hidden = false;
      problem.textContent = explain(error);
      return;
    }
    if (preview === null || mine !== generation) return;
    shown = preview;
    const labelRows = preview.labels.length;
    status.textContent = `${preview.rows} rows; the label column "${labelColumn}" holds ${preview.tooManyLabelsAt !== undefined ? `more than ${labelRows - 1}` : labelRows}`
      + ` distinct ${labelRows === 1 ? "value" : "values"}.`;
    render(box.querySelector("#preview-columns")!, columnsTable(preview));
    check();
  };
  const categorical = () => [...box.querySelectorAll<HTMLSelectElement>("select[data-column]")]
    .filter((choice) => choice.value === "categorical").map((choice) => choice.dataset.column!);
  return { show, check, categorical };
}

/**
 * Each column's role and type, with its missing cells; a feature whose cells are all numbers can be marked categorical
 * (zip codes, ids: numbers that name rather than measure), as the CLI's --categorical does.
 */
function columnsTable(preview: CsvPreview) {
  return html`<table class="table" id="preview-column-types"><caption>Columns</caption>
    <thead><tr><th scope="col">Column</th><th scope="col">Role</th><th scope="col">Type</th><th scope="col">Missing</th></tr></thead>
    <tbody>${preview.columns.map(({ name, type, missing }) => {
      const label = name === preview.labelColumn;
      const none = !label && missing === preview.rows;
      return html`<tr><th scope="row">${name}</th><td>${label ? "label (what models predict)" : "feature"}</td>
        <td>${label ? (type === "numeric" ? "numbers" : "text")
          : type === "categorical" ? "categorical (text)"
          : html`<select data-column="${name}" aria-label="Type of ${name}"><option value="numeric">numeric</option><option value="categorical">categorical</option></select>`}</td>
        <td>${missing}${none ? " (every row: the split refuses this column)" : ""}</td></tr>`;
    })}</tbody></table>`;
}
