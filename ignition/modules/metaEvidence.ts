// The ERC-1497 meta-evidence of the market's two dispute kinds (contracts/dispute/meta-evidence/*.json) as the
// `/ipfs/<cid>` URIs that `ipfs add --cid-version=1` gives the files: each is under one 256 KiB chunk, so its CID is
// the raw block's (codec raw, SHA-256), computed here from the bytes. Whoever deploys adds the two files to IPFS.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { CID } from "multiformats/cid";
import { create as digest } from "multiformats/hashes/digest";

const RAW = 0x55;
const SHA2_256 = 0x12;
const CHUNK = 262144;

/** `/ipfs/<CIDv1>` of a file of at most one chunk, as Kubo adds it with raw leaves. */
export function singleChunkIpfsUri(bytes: Uint8Array): string {
  if (bytes.length > CHUNK) throw new Error(`a meta-evidence file must fit one ${CHUNK}-byte chunk`);
  const hash = createHash("sha256").update(bytes).digest();
  return `/ipfs/${CID.createV1(RAW, digest(SHA2_256, hash)).toString()}`;
}

function metaEvidenceUri(name: string): string {
  return singleChunkIpfsUri(readFileSync(new URL(`../../contracts/dispute/meta-evidence/${name}`, import.meta.url)));
}

/** Meta-evidence id 1: TestInputs disputes. */
export const META_EVIDENCE_TEST_INPUTS = metaEvidenceUri("test-inputs.json");
/** Meta-evidence id 2: Verification disputes. */
export const META_EVIDENCE_VERIFICATION = metaEvidenceUri("verification.json");
