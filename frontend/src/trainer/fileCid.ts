// The CID `ipfs add --cid-version=1` gives a file (raw leaves, 256 KiB chunks, balanced DAG of at most 174 links),
// computed in the browser with ipfs-unixfs-importer, as scripts/make-cid-vectors.ts and the Java content store
// (io.modelmarket.ipfs.UnixFsImporter) compute it. Blocks are hashed and dropped, not kept.
// To be replaced by the shared browser CID function of frontend/src/secrets/ once it lands (issue 14).
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";

const CHUNK_BYTES = 262144;
const MAX_LINKS = 174;

/** The CIDv1 (base32) of `content`. */
export async function fileCid(content: Uint8Array): Promise<string> {
  const discard = { put: async (cid: CID) => cid };
  let root = "";
  for await (const entry of importer([{ content }], discard, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_BYTES }),
    layout: balanced({ maxChildrenPerNode: MAX_LINKS }),
  })) {
    root = entry.cid.toString();
  }
  return root;
}
