// Writes test/vectors/cids.json: the CIDs that `ipfs add --cid-version=1` gives (raw leaves, 256 KiB fixed
// chunks, balanced DAG of at most 174 links per node), computed with ipfs-unixfs-importer, the importer of
// the IPFS JavaScript implementations. The Java content store must reproduce every one.
// Generated contents are xorshift32 streams (see `generated`), so no large file is committed.
//
//   npx tsx scripts/make-cid-vectors.ts
import { writeFileSync } from "node:fs";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer, type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";

const CHUNK = 262144;
const LINKS = 174;

/** `size` bytes of xorshift32 output (state ^= state << 13; ^= >>> 17; ^= << 5), little-endian words. */
export function* generated(seed: number, size: number, piece = 1 << 20): Generator<Uint8Array> {
  let state = seed >>> 0;
  for (let offset = 0; offset < size; offset += piece) {
    const out = new Uint8Array(Math.min(piece, size - offset));
    for (let i = 0; i < out.length; i += 4) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      for (let b = 0; b < 4 && i + b < out.length; b++) out[i + b] = (state >>> (8 * b)) & 0xff;
    }
    yield out;
  }
}

async function cidOf(content: Iterable<Uint8Array>, options: Partial<ImporterOptions>): Promise<string> {
  const blockstore = new MemoryBlockstore();
  let last = "";
  for await (const entry of importer([{ content }], blockstore, {
    chunker: fixedSize({ chunkSize: CHUNK }),
    layout: balanced({ maxChildrenPerNode: LINKS }),
    reduceSingleLeafToSelf: true,
    ...options,
  })) {
    last = entry.cid.toString();
  }
  return last;
}

const kubo = { cidVersion: 1, rawLeaves: true } as const;
const hello = new TextEncoder().encode("hello world\n");
const sizes = [0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17, LINKS * CHUNK, LINKS * CHUNK + 1];

const vectors = [
  { content: "hello world\n", cidVersion: 0, cid: await cidOf([hello], { cidVersion: 0, rawLeaves: false }) },
  { content: "hello world\n", cidVersion: 1, cid: await cidOf([hello], kubo) },
  ...(await Promise.all(
    sizes.map(async (size) => ({ generatedSeed: 42, size, cidVersion: 1, cid: await cidOf(generated(42, size), kubo) })),
  )),
];
writeFileSync("test/vectors/cids.json", JSON.stringify({ chunkSize: CHUNK, maxLinks: LINKS, vectors }, null, 2) + "\n");
console.log(JSON.stringify(vectors, null, 1));
