// Small formatting helpers shared by the pages.
import { formatUnits } from "ethers";

/** An amount in wei as the API sends it (a JSON number, or a decimal string where digits matter). */
export function wei(value: bigint | string | number): bigint {
  if (typeof value === "bigint") return value;
  return BigInt(typeof value === "number" ? Math.round(value).toLocaleString("en-US", { useGrouping: false }) : value);
}

export function mdc(amount: bigint | string | number): string {
  const text = formatUnits(wei(amount), 18);
  const [whole, fraction = ""] = text.split(".");
  const trimmed = fraction.replace(/0+$/, "").slice(0, 4);
  return `${Number(whole).toLocaleString("en-US")}${trimmed ? "." + trimmed : ""} MDC`;
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
  const span = Math.abs(seconds);
  const text = span >= 86400 ? `${Math.floor(span / 86400)} d ${Math.floor((span % 86400) / 3600)} h`
    : span >= 3600 ? `${Math.floor(span / 3600)} h ${Math.floor((span % 3600) / 60)} min`
    : `${Math.floor(span / 60)} min ${span % 60} s`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
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
