// The UI's escaping rule without a browser: `html` escapes every interpolation, refuses holes where escaping is not
// enough, and `render` is the only innerHTML in frontend/src (docs/ui.md, "Writing a view"); `parseCid` takes CIDs
// and nothing else.
//
//   npx tsx frontend/tests/html.test.ts
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseCid, ipfsPath } from "../src/ipfs/cid";
import { Html, html, type Interpolation } from "../src/html";

const payload = `"><img src=x onerror=alert(1)>'\``;
const escaped = "&#34;&#62;&#60;img src=x onerror=alert(1)&#62;&#39;&#96;";

// Text and quoted attribute values are escaped; fragments built by html stay markup; arrays join; false and null vanish.
assert.equal(html`<p title="${payload}">${payload}</p>`.toString(), `<p title="${escaped}">${escaped}</p>`);
assert.equal(html`<ul>${["a", "<b>"].map((x) => html`<li>${x}</li>`)}</ul>`.toString(), "<ul><li>a</li><li>&#60;b&#62;</li></ul>");
assert.equal(html`<p>${false}${null}${undefined}${0}${12n}</p>`.toString(), "<p>012</p>");
assert.equal(html`<p title="${html`<b>`}">x</p>`.toString(), `<p title="&#60;b&#62;">x</p>`, "a fragment in an attribute is text");
assert.equal(html`<a href="#/bounty/${payload}">x</a>`.toString(), `<a href="#/bounty/${escaped}">x</a>`);
assert.equal(html`<a href="${"/ipfs/bafy"}">x</a>`.toString(), `<a href="/ipfs/bafy">x</a>`);

// Holes where escaping would not be enough are refused when the template is used.
const refuses = (build: () => unknown, message: RegExp) => assert.throws(build, message);
refuses(() => html`<p title=${"x"}>`, /quoted attribute value/);
refuses(() => html`<p ${"hidden"}>`, /quoted attribute value/);
refuses(() => html`<p onclick="${"x"}">`, /no interpolation in onclick=/);
refuses(() => html`<p style="color: ${"red"}">`, /no interpolation in style=/);
refuses(() => html`<script>${"x"}</script>`, /no interpolation inside <script>/);
refuses(() => html`<a href="${"javascript:alert(1)"}">`, /relative URL/);
refuses(() => html`<img src="${"//evil.example/x.png"}">`, /relative URL/);
refuses(() => html`<p>${{} as unknown as Interpolation}</p>`, /cannot interpolate a object/);
refuses(() => new Html(Symbol("html"), "<b>"), /built by the html/);

// No innerHTML, outerHTML, insertAdjacentHTML or document.write outside src/html.ts, and no inline style or handler.
const source = path.resolve(import.meta.dirname, "../src");
const files = (folder: string): string[] => readdirSync(folder).flatMap((name) => {
  const file = path.join(folder, name);
  return statSync(file).isDirectory() ? files(file) : [file];
});
for (const file of files(source).filter((f) => f.endsWith(".ts"))) {
  const text = readFileSync(file, "utf8");
  const code = text.replace(/^\s*(\/\/|\*|\/\*).*$/gm, "");
  if (!file.endsWith(`${path.sep}html.ts`)) {
    assert.doesNotMatch(code, /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/, `${file} writes markup outside html.ts`);
  }
  assert.doesNotMatch(code, /\sstyle="|\son[a-z]+="/, `${file} has an inline style or event handler (the CSP forbids both)`);
}
const index = readFileSync(path.resolve(import.meta.dirname, "../index.html"), "utf8");
assert.doesNotMatch(index, /<script>|<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i, "index.html has inline script or style");

// CIDs: base32 CIDv1 and CIDv0, SHA-256, raw or dag-pb; nothing else becomes a path.
assert.equal(parseCid("bafkreiak36v5deh2pso7cudd354ixcq3hhbymlvhreqhoy37gtrk67jkw4"), "bafkreiak36v5deh2pso7cudd354ixcq3hhbymlvhreqhoy37gtrk67jkw4");
assert.equal(parseCid("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"), "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
assert.equal(ipfsPath("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"), "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
for (const bad of ["", "bafy\"><img src=x>", "../../api/models", "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA", "BAFKREIAK36V5DEH2PSO7CUDD354IXCQ3HHBYMLVHREQHOY37GTRK67JKW4",
  "bafkqaaa", "bafyreigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi", "bafkreiak36v5deh2pso7cudd354ixcq3hhbymlvhreqhoy37gtrk67jkw", 42, null]) {
  assert.equal(parseCid(bad), null, `${String(bad)} is not a CID the UI accepts`);
  assert.equal(ipfsPath(bad), null);
}
console.log("html: passed (escaping, refused holes, no markup outside html.ts, CIDs)");
