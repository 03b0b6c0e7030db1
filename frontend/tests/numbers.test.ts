// The split's quick number check (src/requester/numbers.ts, isPlainDecimal) against the full rules it stands in for:
// it may leave a cell to the full check, but never accept one the full check refuses.
//
//   npx tsx frontend/tests/numbers.test.ts
import assert from "node:assert/strict";
import { run } from "./harness";
import { prng } from "../../test/helpers/random";
import { fitsFloat32, isDecimal, isPlainDecimal } from "../src/requester/numbers";
import { strip } from "../src/java";

const plain = (cell: string) => {
  const bytes = new TextEncoder().encode(cell);
  return isPlainDecimal(bytes, 0, bytes.length);
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
  return `the quick check accepts ${accepted} of 200000 random cells, each a valid float32 decimal`;
});
