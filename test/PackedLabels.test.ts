// The word-at-a-time label checks agree with a byte-by-byte reference on random and edge-case vectors.
import { expect } from "chai";
import { network } from "hardhat";
import { countMatches, prng } from "./helpers/market.js";

const { ethers } = await network.create();
const ALL_IN_RANGE = ethers.MaxUint256;

function firstOutOfRange(labels: Uint8Array, numClasses: number): bigint {
  const index = labels.findIndex((label) => label >= numClasses);
  return index < 0 ? ALL_IN_RANGE : BigInt(index);
}

describe("PackedLabels", function () {
  let harness: Awaited<ReturnType<typeof ethers.deployContract>>;
  const random = prng(42);
  const bytes = (length: number, max: number) => Uint8Array.from({ length }, () => Math.floor(random() * max));

  before(async function () {
    harness = await ethers.deployContract("PackedLabelsHarness");
  });

  it("counts matches at every length around word boundaries", async function () {
    for (const length of [0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 257]) {
      const a = bytes(length, 3);
      const b = bytes(length, 3);
      expect(await harness.countMatches(a, b), `length ${length}`).to.equal(BigInt(countMatches(a, b)));
      expect(await harness.countMatches(a, a)).to.equal(BigInt(length));
    }
  });

  it("never counts the bytes after the end of a vector", async function () {
    // Zeros on both sides past the end would look like matches if they were read.
    const a = new Uint8Array(33).fill(0);
    const b = new Uint8Array(33).fill(1);
    expect(await harness.countMatches(a, b)).to.equal(0n);
  });

  it("counts matches on random vectors over all 256 byte values", async function () {
    for (let round = 0; round < 30; round++) {
      const length = 1 + Math.floor(random() * 200);
      const a = bytes(length, 256);
      const b = Uint8Array.from(a, (x) => (random() < 0.5 ? x : Math.floor(random() * 256)));
      expect(await harness.countMatches(a, b)).to.equal(BigInt(countMatches(a, b)));
    }
  });

  it("finds the first label out of range for every class count", async function () {
    for (const numClasses of [1, 2, 3, 10, 127, 128, 129, 200, 255, 256]) {
      const inRange = bytes(70, numClasses);
      expect(await harness.firstOutOfRange(inRange, numClasses), `k=${numClasses}`).to.equal(ALL_IN_RANGE);
      if (numClasses === 256) continue;
      for (const [index, value] of [
        [0, numClasses],
        [31, 255],
        [32, numClasses],
        [69, Math.min(255, numClasses + 1)],
      ]) {
        const bad = Uint8Array.from(inRange);
        bad[index] = value;
        expect(await harness.firstOutOfRange(bad, numClasses), `k=${numClasses} at ${index}`).to.equal(
          firstOutOfRange(bad, numClasses),
        );
      }
    }
  });

  it("agrees with the reference on random vectors", async function () {
    for (let round = 0; round < 40; round++) {
      const numClasses = 1 + Math.floor(random() * 256);
      const labels = bytes(1 + Math.floor(random() * 100), 256);
      expect(await harness.firstOutOfRange(labels, numClasses)).to.equal(firstOutOfRange(labels, numClasses));
    }
  });
});
