// Bar charts (Chart.js on a <canvas>). Chart.js styles the canvas through the CSSOM (element.style), which the CSP
// allows; it adds no <style> element and no style attribute. Labels and legends are drawn on the canvas as text, so
// a class name from a requester cannot become markup; the same figures are also rendered as a table for screen
// readers (the canvas alone says nothing to them).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { html, type Html } from "../html";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#2747c4", "#f0b400", "#7a3fb8", "#0b7f8c", "#17643a", "#b3261e"];

export interface Series {
  label: string;
  values: number[];
}

/**
 * Draws (or updates in place, as a page refreshes) a bar chart of counts: `series` over `categories`, the bars
 * upright or, `horizontal`, along the categories' names (long names stay readable).
 */
export function barChart(canvas: HTMLCanvasElement, categories: string[], series: Series[], { horizontal = false } = {}): void {
  const datasets = series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colour(i) }));
  const existing = Chart.getChart(canvas);
  if (existing) {
    existing.data.labels = categories;
    existing.data.datasets = datasets;
    existing.update();
    return;
  }
  const counts = { beginAtZero: true, ticks: { precision: 0 } };
  new Chart(canvas, {
    type: "bar",
    data: { labels: categories, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? "y" : "x",
      scales: horizontal ? { x: counts } : { y: counts }, plugins: { legend: { display: series.length > 1 } } },
  });
}

function colour(i: number): string {
  return COLOURS[i % COLOURS.length];
}

/** The figures of a chart as a table, for those who cannot see the canvas (and for tests). */
export function chartTable(caption: string, categories: string[], series: Series[]): Html {
  return html`<table class="table sr-only"><caption>${caption}</caption>
    <thead><tr><th scope="col"></th>${series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
    <tbody>${categories.map((category, i) => html`<tr><th scope="row">${category}</th>${series.map((s) => html`<td>${s.values[i]}</td>`)}</tr>`)}</tbody>
  </table>`;
}
