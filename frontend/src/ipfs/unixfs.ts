// CIDs computed in the browser exactly as `ipfs add --cid-version=1` (and the Java UnixFsImporter) computes them:
// raw leaves of 256 KiB, a balanced DAG of at most 174 links a node, CIDv1 in base32 (test/vectors/cids.json). The
// blocks are hashed and dropped: nothing is stored, so a file of any size needs memory for one chunk at a time.
import { importer } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import type { CID } from "multiformats/cid";
import { plainBytes } from "../bytes";

export const CHUNK_SIZE = 262144;
export const MAX_LINKS = 174;

/** A blockstore that keeps nothing: the importer only needs `put`. */
const DISCARD = { put: async (cid: CID) => cid };

/** The CIDv1 of `content`, reporting the bytes hashed so far. */
export async function cidOf(content: Blob | Uint8Array, onBytes?: (bytesHashed: number) => void): Promise<string> {
  const blob = content instanceof Blob ? content : new Blob([plainBytes(content)]);
  let cid = "";
  for await (const entry of importer([{ content: counted(blob, onBytes) }], DISCARD, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: MAX_LINKS }),
  })) {
    cid = entry.cid.toString();
  }
  return cid;
}

async function* counted(blob: Blob, onBytes?: (bytesHashed: number) => void): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = 0;
  for (;;) {
    const { value, done: ended } = await reader.read();
    if (ended) return;
    done += value.length;
    onBytes?.(done);
    yield value;
  }
}
