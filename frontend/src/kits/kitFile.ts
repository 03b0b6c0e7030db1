// What every kit file shares (docs/protocol.md, "Kits"): JSON whose `kind` names the kit, for one market on one
// chain. The reveal kit (revealKit.ts) and the trainer kit (trainerKit.ts) read theirs through here, then
// check that their secrets open their own commitments.

/**
 * The fields of a kit file: refused, naming what is wrong, unless it is a JSON object of `kind` for `market` on
 * `chainId` in which each of `strings` is a string. `what` names the kit in the errors ("reveal kit").
 */
export function kitFields(text: string, what: string, kind: string, chainId: number, market: string, strings: readonly string[])
    : Record<string, unknown> {
  let kit: Record<string, unknown>;
  try {
    kit = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`the ${what} is not JSON`);
  }
  if (kit === null || typeof kit !== "object") throw new Error(`the ${what} is not a JSON object`);
  if (kit.kind !== kind) throw new Error(`not a ${what}: its kind is ${JSON.stringify(kit.kind)}, expected "${kind}"`);
  if (kit.chainId !== chainId || typeof kit.market !== "string" || kit.market.toLowerCase() !== market.toLowerCase()) {
    throw new Error(`the ${what} is for market ${String(kit.market)} on chain ${String(kit.chainId)}, not ${market.toLowerCase()} on chain ${chainId}`);
  }
  for (const field of strings) {
    if (typeof kit[field] !== "string") throw new Error(`the ${what} has no ${field}`);
  }
  return kit;
}
