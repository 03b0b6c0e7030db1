// The Content-Security-Policy the server sends with the UI (docs/ui.md, "Content-Security-Policy"). The UI runs
// under it: no inline script, no inline style, no eval, no request to another origin (the wallet reaches the chain
// through its own EIP-1193 provider, not through the page). The browser tests fail on any violation; the build also
// puts the policy in a <meta> tag, less frame-ancestors, which a <meta> cannot carry, for hosts that send none.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
  + "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** The policy as a <meta http-equiv> may carry it. */
export const META_CSP = CSP.split(";").map((directive) => directive.trim()).filter((directive) => !directive.startsWith("frame-ancestors")).join("; ");
