// The one way markup reaches a page (docs/ui.md, "Writing a view"). `html` is a tagged template that escapes every
// interpolation, and `render` is the only place in the UI that assigns innerHTML: it takes nothing but what `html`
// built. Text from the chain, the server, IPFS, a requester, a trainer or a verifier can therefore only ever become
// text, unless someone writes `render(target, someString)`, which does not type-check.
//
//   render(main(), html`<h1>${metadata.title}</h1>${rows.map((r) => html`<li>${r.name}</li>`)}`);
//
// What may fill a hole: text (string, number, bigint; escaped), an `Html` fragment (kept as it is, in element
// content only), `false`, `null` or `undefined` (nothing), or an array of these. Holes are checked against where
// they stand in the template, once per template: a hole inside a tag must be a whole quoted attribute value, never
// an event handler (on...) or a style attribute (the CSP forbids both), and a URL attribute (href, src, action...)
// whose value starts with a hole takes only a relative URL ("#...", "/..." but not "//...", "./...", "?...").
// Breaking these rules throws when the template is first used, so a mistake fails every test that renders it.

const key = Symbol("html");

/** Markup built by `html`: every interpolation in it was escaped or was itself `Html`. */
export class Html {
  readonly #markup: string;

  constructor(token: symbol, markup: string) {
    if (token !== key) throw new TypeError("Html is built by the html`...` template tag only");
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

export type Interpolation = Html | string | number | bigint | false | null | undefined | readonly Interpolation[];

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Hole = { kind: "text" } | { kind: "attribute"; name: string; url: boolean };

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "ping", "background"]);
const holesOf = new WeakMap<TemplateStringsArray, Hole[]>();

/** Where each hole of a template stands, from its static parts alone; throws on a hole that could run code. */
function holes(strings: TemplateStringsArray): Hole[] {
  const known = holesOf.get(strings);
  if (known) return known;
  const found: Hole[] = [];
  let before = "";
  for (let i = 0; i < strings.length - 1; i++) {
    before += strings[i];
    const where = `html\`…${strings[i].slice(-40)}\${…}…\``;
    if (/<(script|style)\b[^>]*>(?![\s\S]*<\/\1\s*>)[\s\S]*$/i.test(before)) {
      throw new Error(`${where}: no interpolation inside <script> or <style>`);
    }
    const tagStart = before.lastIndexOf("<");
    if (tagStart > before.lastIndexOf(">") && /^<[a-zA-Z]/.test(before.slice(tagStart))) {
      const tag = before.slice(tagStart);
      const attribute = /([^\s"'<>\/=]+)\s*=\s*(["'])((?:(?!\2)[\s\S])*)$/.exec(tag);
      if (!attribute) throw new Error(`${where}: a hole inside a tag must be a quoted attribute value`);
      const name = attribute[1].toLowerCase();
      if (name.startsWith("on") || name === "style") throw new Error(`${where}: no interpolation in ${name}= (the CSP forbids inline code and styles)`);
      found.push({ kind: "attribute", name, url: URL_ATTRIBUTES.has(name) && attribute[3] === "" });
    } else {
      found.push({ kind: "text" });
    }
  }
  holesOf.set(strings, found);
  return found;
}

function text(value: Interpolation, hole: Hole): string {
  if (value === false || value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map((item) => text(item, hole)).join("");
  if (value instanceof Html) return hole.kind === "text" ? value.toString() : escapeHtml(value.toString());
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint") {
    throw new TypeError(`html\`...\`: cannot interpolate a ${typeof value}`);
  }
  const string = String(value);
  if (hole.kind === "attribute" && hole.url && !/^(#|\/(?!\/)|\.\/|\?)/.test(string)) {
    throw new Error(`html\`...\`: ${hole.name}= takes a relative URL, not '${string.slice(0, 40)}'`);
  }
  return escapeHtml(string);
}

/** The template with every interpolation escaped (or kept, for `Html` fragments in element content). */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  const where = holes(strings);
  let markup = strings[0];
  for (let i = 0; i < values.length; i++) markup += text(values[i], where[i]) + strings[i + 1];
  return new Html(key, markup);
}

/** Replaces the content of `target` with `content`. The only innerHTML assignment in the UI. */
export function render(target: Element, content: Html): void {
  if (!(content instanceof Html)) throw new TypeError("render takes markup built by html`...` only");
  target.innerHTML = content.toString();
}
