// Writes test/vectors/commitments.json: fixed inputs and the bounty ids, tagged commitments, sealing-key commitments
// and sealed test inputs that docs/protocol.md defines for them. The contract tests (against the Solidity
// functions) and the Java tests (against the core library) both check every vector, so all three agree
// byte for byte.
//
//   npx tsx scripts/make-vectors.ts
import { createCipheriv } from "node:crypto";
import { writeFileSync } from "node:fs";
import { getBytes, hexlify, keccak256, toUtf8Bytes } from "ethers";
import { bountyId, groundTruthCommitment, modelCommitment, predictionsCommitment, sealingKeyCommitment, sealNonce, TAGS } from "../frontend/src/protocol/commitments.js";
import { prng, randomLabels } from "../test/helpers/random.js";

const bytes32 = (label: string) => keccak256(toUtf8Bytes(label));
const cases = [
  { chainId: 31337n, nonce: 0n, size: 1, numClasses: 2, modelCid: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
  { chainId: 1n, nonce: 7n, size: 33, numClasses: 10, modelCid: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi" },
  { chainId: 11155111n, nonce: 2n ** 64n, size: 1000, numClasses: 256, modelCid: "bafkreie7q3iidccmpvszul7kudcvvuavuo7u6gzlbobczuk5nqk3b4akba" },
];
// A small test-inputs CSV per case, sealed under the case's key (AES-256-GCM, nonce from the bounty id, the
// bounty id as associated data, ciphertext || 16-byte tag).
const testInputs = [
  "pixel0,pixel1,pixel2\n0,128,255\n",
  "a,b\n" + Array.from({ length: 40 }, (_, row) => `${row},${(row * 7) % 13}`).join("\n") + "\n",
  "x\n" + "1.5\n".repeat(3000),
];

const vectors = cases.map((c, i) => {
  const market = hexlify(keccak256(toUtf8Bytes(`market-${i}`))).slice(0, 42);
  const requester = hexlify(keccak256(toUtf8Bytes(`requester-${i}`))).slice(0, 42);
  const trainer = hexlify(keccak256(toUtf8Bytes(`trainer-${i}`))).slice(0, 42);
  const labels = randomLabels(prng(100 + i), c.size, c.numClasses);
  const predictions = randomLabels(prng(200 + i), c.size, c.numClasses);
  const id = bountyId(c.chainId, market, requester, c.nonce);
  const labelsSalt = bytes32(`labels-salt-${i}`);
  const predictionsSalt = bytes32(`predictions-salt-${i}`);
  const modelSalt = bytes32(`model-salt-${i}`);
  const sealingKey = bytes32(`sealing-key-${i}`);
  const nonce = sealNonce(id);
  const cipher = createCipheriv("aes-256-gcm", getBytes(sealingKey), getBytes(nonce));
  cipher.setAAD(getBytes(id));
  const sealed = Buffer.concat([cipher.update(Buffer.from(testInputs[i], "utf8")), cipher.final(), cipher.getAuthTag()]);
  return {
    chainId: c.chainId.toString(),
    market,
    requester,
    nonce: c.nonce.toString(),
    bountyId: id,
    labels: hexlify(labels),
    labelsSalt,
    groundTruthCommitment: groundTruthCommitment(id, labels, labelsSalt),
    sealingKey,
    sealingKeyCommitment: sealingKeyCommitment(id, sealingKey),
    testInputs: testInputs[i],
    sealNonce: nonce,
    sealedTestInputs: hexlify(sealed),
    trainer,
    predictions: hexlify(predictions),
    predictionsSalt,
    predictionsCommitment: predictionsCommitment(id, trainer, predictions, predictionsSalt),
    modelCid: c.modelCid,
    modelSalt,
    modelCommitment: modelCommitment(id, trainer, c.modelCid, modelSalt),
  };
});

writeFileSync("test/vectors/commitments.json", JSON.stringify({ tags: TAGS, vectors }, null, 2) + "\n");
console.log(`wrote ${vectors.length} vectors to test/vectors/commitments.json`);
