// The split's quick number check (src/csvCut.ts's isPlainDecimal, in WebAssembly) against the full rules it stands in for:
// it may leave a cell to the full check, but never accept one the full check refuses. And a regression bounty's
// numbers: targets as exact fixed-point values (src/protocol/fixedPoint.ts; the split's byte equality with Java is
// secrets.test.ts's), and the create form's terms in the contract's units (src/requester/regressionTerms.ts).
//
//   npx tsx frontend/tests/numbers.test.ts
import assert from "node:assert/strict";
import { run } from "./harness";
import { prng } from "../../test/helpers/random";
import { fitsFloat32, isDecimal } from "../src/requester/numbers";
import { LineCutter } from "../src/csvCut";
import { strip } from "../src/java";
import { encode as encodeFixedPoint, exactFixedPoint, fromDecimal, toDecimal } from "../src/protocol/fixedPoint";
import { bestScore, minScoreInWords, regressionMinScore, regressionTerms } from "../src/requester/regressionTerms";

const cutter = await LineCutter.create(1, 1 << 16);
const plain = (cell: string) => {
  const bytes = new TextEncoder().encode(cell);
  cutter.bytes.set(bytes);
  return cutter.isPlainDecimal(0, bytes.length);
};
const valid = (cell: string) => isDecimal(strip(cell)) && fitsFloat32(strip(cell));

await run("numbers", async () => {
  for (const cell of ["0", "12", "-3.5", "+.5", "5.", "12e-3", "1.5E+10", " 7 ", "-0.25e-300", "9e29", "1e37", "12345678901234567890123456789012345678"]) {
    assert.ok(plain(cell), `'${cell}' is a plain decimal`);
  }
  for (const cell of ["", " ", ".", "+", "-.", "1e", "1e+", "e5", ".e5", "1..2", "1.2.3", "0x10", "NaN", "1f", "--1", "1 2", "1e39", "\t1",
    "123456789012345678901234567890123456789"]) {
    assert.ok(!plain(cell), `'${cell}' is left to the full check`);
  }
  const random = prng(22);
  const alphabet = "0123456789.+-eE ";
  let accepted = 0;
  for (let i = 0; i < 200_000; i++) {
    const length = Math.floor(random() * (random() < 0.9 ? 8 : 44));
    const cell = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    if (plain(cell)) {
      accepted++;
      assert.ok(valid(cell), `'${cell}' is accepted only when the full check accepts it`);
    }
  }
  // Fixed-point targets: exact, half to even, the int32 bounds; Java's messages.
  const cases: [string, number, number][] = [["1.5", 2, 150], ["1.50", 2, 150], [" 1.5 ", 2, 150], ["2.345", 2, 234], ["2.355", 2, 236],
    ["-2.345", 2, -234], ["-0.005", 2, 0], ["1e2", 0, 100], ["-3.25E-1", 3, -325], [".5", 0, 0], ["1.5", 0, 2], ["2.5", 0, 2], ["5.", 1, 50],
    ["21474836.47", 2, 2147483647], ["-21474836.48", 2, -2147483648], ["1e-400", 9, 0], ["0.0000000005", 9, 0], ["0.0000000015", 9, 2]];
  for (const [text, decimals, value] of cases) assert.equal(fromDecimal(text, decimals), value, `${text} at ${decimals} decimals`);
  for (const text of ["", "NaN", "Infinity", "abc", "0x10", "1e", "+", ".", "1 000", "\u0661"]) {
    assert.throws(() => fromDecimal(text, 2), { message: "expected a decimal number" }, `'${text}'`);
  }
  assert.throws(() => fromDecimal("21474836.48", 2),
    { message: "at 2 decimals its fixed-point value lies beyond the int32 range (-2147483648 to 2147483647); use fewer decimals" });
  assert.throws(() => fromDecimal("1", 10), { message: "the target decimals must be 0 to 9, got 10" });
  assert.deepEqual([exactFixedPoint("0.25", 2), exactFixedPoint("0.255", 2), exactFixedPoint("1e-9", 2)], [25, null, null]);
  assert.deepEqual([toDecimal(-12340, 3), toDecimal(5, 2), toDecimal(7, 0)], ["-12.340", "0.05", "7"]);
  assert.deepEqual([...encodeFixedPoint(Int32Array.of(1, -2, 2147483647))], [0, 0, 0, 1, 255, 255, 255, 254, 127, 255, 255, 255]);

  // The create form's regression terms: maxError in units, refused finer than the unit, the best score within a uint32.
  const terms = regressionTerms(2, " 0.5 ");
  assert.deepEqual(terms, { decimals: 2, maxError: 50, maxErrorText: "0.5" });
  assert.throws(() => regressionTerms(2, "0.005"), /is finer than the target's unit \(0\.01 at 2 decimals\)/);
  assert.throws(() => regressionTerms(2, "0"), /must be above 0/);
  assert.throws(() => regressionTerms(2, "abc"), /must be a number in the target's unit, such as 0\.5; 'abc': expected a decimal number/);
  assert.throws(() => regressionTerms(10, "1"), /decimals must be a whole number from 0 to 9/);
  assert.equal(bestScore(terms, 1000), 50_000);
  assert.throws(() => bestScore(regressionTerms(6, "1"), 5000), /times the 5000 test rows is 5000000000, more than a score can hold \(4294967295\)/);
  assert.throws(() => bestScore(terms, 37_501), /a regression bounty has at most 37500/);
  assert.deepEqual([regressionMinScore(terms, 1000, 50), regressionMinScore(terms, 1000, 33.3331), regressionMinScore(terms, 3, 0.01)],
    [25_000, 16_667, 1]);
  assert.equal(minScoreInWords(terms, 25_000, 1000),
    "a score of 25000 of the best 50000 (50.0%): a mean absolute error of at most 0.25 in the target's unit, each row's error counted up to 0.50");
  return `the quick check accepts ${accepted} of 200000 random cells, each a valid float32 decimal`;
});
