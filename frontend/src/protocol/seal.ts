// Sealing of a bounty's test inputs (docs/protocol.md, "Sealing"), with WebCrypto, byte for byte
// as io.modelmarket.seal.TestInputsSeal: AES-256-GCM under a fresh random 32-byte key, the nonce the first 12 bytes of
// sha256(TAG_SEAL_NONCE ‖ bountyId), the bounty id as associated data; the sealed file is the ciphertext then the
// 16-byte tag. WebCrypto's AES-GCM is one-shot, so the file is in memory (a test set is far smaller than the CSV).
import { getBytes } from "ethers";
import { sealNonce } from "./commitments";
import { plainBytes } from "../bytes";

export const SEALING_KEY_LENGTH = 32;
const TAG_BITS = 128;

/** A sealed file that does not open under the key given; the message is TestInputsSeal's. */
export class SealBrokenError extends Error {
  override name = "SealBrokenError";

  constructor() {
    super("the sealed test inputs do not open under this key: wrong key, or the file was changed");
  }
}

/** A fresh sealing key: 32 bytes from the browser's CSPRNG, one per bounty, never reused. */
export function newSealingKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SEALING_KEY_LENGTH));
}

/** The sealed form of `plain` for bounty `bountyId` (0x-hex): ciphertext then tag. */
export async function sealTestInputs(bountyId: string, key: Uint8Array, plain: Uint8Array): Promise<Uint8Array> {
  const sealed = await crypto.subtle.encrypt(gcm(bountyId), await aesKey(key, "encrypt"), plainBytes(plain));
  return new Uint8Array(sealed);
}

/** The test inputs `sealed` holds; a wrong key, another bounty's id or any changed byte throws SealBrokenError. */
export async function unsealTestInputs(bountyId: string, key: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await aesKey(key, "decrypt");
  try {
    return new Uint8Array(await crypto.subtle.decrypt(gcm(bountyId), cryptoKey, plainBytes(sealed)));
  } catch (e) {
    if (e instanceof DOMException && e.name === "OperationError") throw new SealBrokenError();
    throw e;
  }
}

function gcm(bountyId: string): AesGcmParams {
  return { name: "AES-GCM", iv: plainBytes(getBytes(sealNonce(bountyId))), additionalData: plainBytes(getBytes(bountyId)), tagLength: TAG_BITS };
}

async function aesKey(key: Uint8Array, use: KeyUsage): Promise<CryptoKey> {
  if (key.length !== SEALING_KEY_LENGTH) throw new Error(`a sealing key is ${SEALING_KEY_LENGTH} bytes, got ${key.length}`);
  return crypto.subtle.importKey("raw", plainBytes(key), "AES-GCM", false, [use]);
}
