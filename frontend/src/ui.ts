// Shared page plumbing: the main element, notices, and running an action with its button disabled.
import { html, render } from "./html";
import { explain } from "./wallet";

export const main = (): HTMLElement => document.querySelector<HTMLElement>("#main")!;

export function notify(message: string, kind: "info" | "error" | "success" = "info"): void {
  const notice = document.querySelector<HTMLElement>("#notice")!;
  notice.className = `notice ${kind}`;
  notice.textContent = message;
  notice.hidden = false;
}

export function clearNotice(): void {
  document.querySelector<HTMLElement>("#notice")!.hidden = true;
}

/** Runs `action` with `button` disabled and a status line; failures become an error notice in words. */
export async function act(button: HTMLButtonElement | null, working: string, action: () => Promise<void>): Promise<void> {
  const label = button?.textContent;
  if (button) {
    button.disabled = true;
    button.textContent = working;
  }
  clearNotice();
  try {
    await action();
  } catch (error) {
    notify(explain(error), "error");
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
