// CIDs as the UI accepts them (docs/ui.md, "CIDs"): the contract takes any 1 to 128 bytes as a CID, so every CID
// from the chain, the server or a report is parsed before it becomes a link or a fetch, and anything that is not a
// CID is shown as "invalid CID". The rule is the Java client's (io.modelmarket.ipfs.Cid): CIDv1 in base32 ("b...")
// or CIDv0 ("Qm..."), codec raw or dag-pb, a SHA-256 multihash.
import { CID } from "multiformats/cid";
import { html, type Html } from "../html";

const RAW = 0x55;
const DAG_PB = 0x70;
const SHA2_256 = 0x12;

/** `text` as a canonical CID string, or null when it is not a CID this UI accepts. */
export function parseCid(text: unknown): string | null {
  if (typeof text !== "string" || text.length > 128 || !/^(b[a-z2-7]+|Qm[1-9A-HJ-NP-Za-km-z]{44})$/.test(text)) return null;
  try {
    const cid = CID.parse(text);
    if (cid.multihash.code !== SHA2_256 || cid.multihash.size !== 32 || (cid.code !== RAW && cid.code !== DAG_PB)) return null;
    return cid.toString();
  } catch {
    return null;
  }
}

/** The gateway path of a CID, or null when `text` is not one: never build an /ipfs/ URL any other way. */
export function ipfsPath(text: unknown): string | null {
  const cid = parseCid(text);
  return cid === null ? null : `/ipfs/${cid}`;
}

export class InvalidCidError extends Error {
  constructor(what: string) {
    super(`The ${what} is not a valid CID, so it was not fetched.`);
  }
}

/** Fetches JSON stored under a CID through the server's gateway; an invalid CID is refused before any request. */
export async function fetchIpfsJson<T>(text: unknown, what: string): Promise<T> {
  const path = ipfsPath(text);
  if (path === null) throw new InvalidCidError(what);
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`The ${what} could not be fetched (${response.status}).`);
  return (await response.json()) as T;
}

/** A CID for display: the CID in <code>, or the words "invalid CID". */
export function cidCode(text: unknown): Html {
  const cid = parseCid(text);
  return cid === null ? html`<span class="invalid-cid">invalid CID</span>` : html`<code>${cid}</code>`;
}
