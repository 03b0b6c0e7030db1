// Bar charts (Chart.js on a <canvas>). Chart.js styles the canvas through the CSSOM (element.style), which the CSP
// allows; it adds no <style> element and no style attribute. Labels and legends are drawn on the canvas as text, so
// a class name from a requester cannot become markup; the same figures are also rendered as a table for screen
// readers (the canvas alone says nothing to them).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { html, type Html } from "../html";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = ["#2747c4", "#f0b400", "#7a3fb8", "#0b7f8c", "#17643a", "#b3261e"];

export interface Series {
  label: string;
  values: number[];
}

const OPTIONS = { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } as const;

/** Draws (or redraws) a bar chart of `series` over `categories` on `canvas`. */
export function barChart(canvas: HTMLCanvasElement, categories: string[], series: Series[]): void {
  Chart.getChart(canvas)?.destroy();
  new Chart(canvas, {
    type: "bar",
    data: { labels: categories, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: colour(i) })) },
    options: OPTIONS,
  });
}

/** Draws (or updates in place) a stepped line chart of counts that only grow, e.g. claims and verified submissions over blocks. */
export function lineChart(canvas: HTMLCanvasElement, points: string[], series: Series[]): void {
  const existing = Chart.getChart(canvas);
  const datasets = series.map((s, i) => ({ label: s.label, data: s.values, borderColor: colour(i), backgroundColor: colour(i), stepped: true }));
  if (existing) {
    existing.data.labels = points;
    existing.data.datasets = datasets;
    existing.update();
    return;
  }
  new Chart(canvas, { type: "line", data: { labels: points, datasets }, options: OPTIONS });
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
