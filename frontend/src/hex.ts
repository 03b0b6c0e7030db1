// Long hex values (addresses, bounty ids, keys, transaction hashes) shown short, the whole value in their title and
// in the accessible name of a button that copies it.
import { short } from "./format";
import { html, type Html } from "./html";

/** `value` shortened (0x1234…abcd) with a copy button; `what` names it for screen readers ("requester"). */
export function hexCode(value: string | null | undefined, what: string): Html {
  if (!value) return html`—`;
  return html`<span class="hex"><code title="${value}">${short(value)}</code><button type="button" class="copy" data-copy="${value}"
    aria-label="Copy the ${what} ${value}">Copy</button></span>`;
}

/** Makes every copy button of every page work (one listener on the document, for the pages to come too). */
export function enableCopyButtons(): void {
  document.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>("button.copy");
    if (!button) return;
    const value = button.dataset.copy ?? "";
    const done = (text: string) => {
      button.textContent = text;
      window.setTimeout(() => (button.textContent = "Copy"), 2000);
    };
    // The clipboard needs a secure context (https or localhost): elsewhere the whole value is shown and selected instead.
    navigator.clipboard?.writeText(value).then(() => done("Copied"), () => showSelected(button, value, done))
      ?? showSelected(button, value, done);
  });
}

function showSelected(button: HTMLButtonElement, value: string, done: (text: string) => void): void {
  const code = button.previousElementSibling as HTMLElement;
  code.textContent = value;
  getSelection()?.selectAllChildren(code);
  done("Press Ctrl+C");
}
