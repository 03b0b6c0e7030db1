// Writes test/vectors/cids.json: the CIDs that `ipfs add --cid-version=1` gives (raw leaves, 256 KiB fixed
// chunks, balanced DAG of at most 174 links per node), computed with ipfs-unixfs-importer, the importer of
// the IPFS JavaScript implementations. The Java content store must reproduce every one.
// Generated contents are xorshift32 streams (`generated` in test/helpers/random.ts), so no large file is committed.
//
//   npx tsx scripts/make-cid-vectors.ts
import { writeFileSync } from "node:fs";
import { MemoryBlockstore } from "blockstore-core/memory";
import { importer, type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { generated } from "../test/helpers/random.js";

const CHUNK = 262144;
const LINKS = 174;

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
