// Shared page plumbing: the main element, results shown where the user acted, and running an action with its
// button disabled.
import { html, render } from "./html";
import { explain } from "./wallet";

export const main = (): HTMLElement => document.querySelector<HTMLElement>("#main")!;

export type ResultKind = "info" | "error" | "success";

/**
 * A place for the result of an action, beside the form that was used: empty until something is said, announced to
 * screen readers (role status, or alert for an error) and focused when it is, so the user sees it without looking
 * for it. Render it inside the form's section with `resultSlot(id)`.
 */
export const resultSlot = (id: string) => html`<p id="${id}" class="result" role="status" aria-live="polite" tabindex="-1"></p>`;

/** Says `message` in `slot` (a `resultSlot`), as text whatever it holds, and moves the focus (and the view) to it. */
export function say(slot: HTMLElement, message: string, kind: ResultKind = "info"): void {
  slot.className = `result ${kind}`;
  slot.setAttribute("role", kind === "error" ? "alert" : "status");
  slot.setAttribute("aria-live", kind === "error" ? "assertive" : "polite");
  slot.textContent = message;
  slot.focus({ preventScroll: true });
  const box = slot.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) slot.scrollIntoView({ block: "center" });
}

/** Says what the user must see on the page the UI goes to next (e.g. a bounty just posted), when that page shows it. */
let carried: { message: string; kind: ResultKind } | null = null;

export function carryToNextPage(message: string, kind: ResultKind): void {
  carried = { message, kind };
}

/** Says the carried message in `slot`; false when there is none. */
export function sayCarried(slot: HTMLElement | null): boolean {
  if (!carried || !slot) return false;
  say(slot, carried.message, carried.kind);
  carried = null;
  return true;
}

/**
 * Runs `action` with `button` disabled, its results said in `slot` (`report` says the steps on the way); a failure
 * becomes an error there, in words.
 */
export async function act(button: HTMLButtonElement | null, working: string, slot: HTMLElement,
    action: (report: (message: string, kind?: ResultKind) => void) => Promise<void>): Promise<void> {
  const label = button?.textContent;
  if (button) {
    button.disabled = true;
    button.textContent = working;
  }
  slot.textContent = "";
  try {
    await action((message, kind = "info") => say(slot, message, kind));
  } catch (error) {
    say(slot, explain(error), "error");
  } finally {
    if (button) {
      button.disabled = false;
      button.textContent = label ?? "";
    }
  }
}

/** Reports how far a long step has come, from 0 to 1. */
export type Progress = (share: number) => void;

/**
 * One labelled progress bar per step in `container` (reading, splitting, sealing, hashing, uploading…), shown as the
 * work goes; returns a setter per step.
 */
export function progressSteps<Step extends string>(container: HTMLElement, steps: Record<Step, string>): Record<Step, Progress> {
  const names = Object.keys(steps) as Step[];
  render(container, html`<div class="progress-steps">${names.map((name) => html`
    <label for="progress-${name}">${steps[name]}</label><progress id="progress-${name}" value="0" max="1"></progress>
    <span id="progress-${name}-share">0%</span>`)}</div>`);
  container.hidden = false;
  return Object.fromEntries(names.map((name) => {
    const bar = container.querySelector<HTMLProgressElement>(`#progress-${name}`)!;
    const share = container.querySelector<HTMLElement>(`#progress-${name}-share`)!;
    return [name, (value: number) => {
      bar.value = Math.min(1, Math.max(0, value));
      share.textContent = `${Math.round(100 * bar.value)}%`;
    }];
  })) as Record<Step, Progress>;
}
