// Small formatting helpers shared by the pages.
import { formatUnits } from "ethers";
import type { Wei } from "./api";

/**
 * An amount from the API as a `bigint`, exact to the wei. Only a decimal string of digits is accepted: a
 * number (which JSON would already have rounded to a double) is a compile error, and a runtime error too.
 */
export function wei(value: Wei | bigint): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value !== "string" || !/^[0-9]+$/.test(value)) throw new TypeError(`not an amount in wei: ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** A `bigint` amount as the API writes it, e.g. a transaction's value. */
export function weiString(amount: bigint): Wei {
  if (amount < 0n) throw new RangeError(`a negative amount: ${amount}`);
  return amount.toString() as Wei;
}

/** An amount in MDC, exact to the wei: "1,000 MDC", "18.446744073709551617 MDC". */
export function mdc(amount: Wei | bigint): string {
  return `${units(amount)} MDC`;
}

/** An amount of the chain's currency, exact to the wei: "0.1 ETH" (the arbitration cost, a fee bond). */
export function ether(amount: Wei | bigint): string {
  return `${units(amount)} ETH`;
}

function units(amount: Wei | bigint): string {
  const [whole, fraction = ""] = formatUnits(wei(amount), 18).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${BigInt(whole).toLocaleString("en-US")}${trimmed ? "." + trimmed : ""}`;
}

export function short(address: string | null | undefined): string {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : "—";
}

export function when(unixSeconds: number): string {
  return unixSeconds ? new Date(unixSeconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "—";
}

/** "in 12 min 5 s" or "3 min ago", against the chain's clock when one is given. */
export function countdown(unixSeconds: number, now = Date.now() / 1000): string {
  const seconds = Math.round(unixSeconds - now);
  return seconds >= 0 ? `in ${duration(seconds)}` : `${duration(-seconds)} ago`;
}

/** A span of time in words, to two units, a zero second one left out: "2 d 3 h", "1 h", "1 h 5 min", "12 min 5 s", "40 s". */
export function duration(seconds: number): string {
  const span = Math.round(Math.abs(seconds));
  const [big, bigUnit, small, smallUnit] = span >= 86400 ? [Math.floor(span / 86400), "d", Math.floor((span % 86400) / 3600), "h"]
    : span >= 3600 ? [Math.floor(span / 3600), "h", Math.floor((span % 3600) / 60), "min"]
    : [Math.floor(span / 60), "min", span % 60, "s"];
  if (big === 0) return `${small} ${smallUnit}`;
  return small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
}

/** Offers `content` as a file download named `name`. */
export function download(name: string, content: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
