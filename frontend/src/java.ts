// The few Java library behaviours the dataset code depends on, so that the browser's split gives the bytes and the
// error messages of io.modelmarket.dataset (Java) exactly: String.strip/isBlank, List.toString and Double.toString.

/** Java's Character.isWhitespace: Unicode space, line and paragraph separators except the non-breaking ones, and
 * the ASCII controls \t \n \u000B \f \r and \u001C to \u001F (not the same set as JavaScript's trim()). */
export function isJavaWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x20) || code === 0x1680
    || (code >= 0x2000 && code <= 0x200a && code !== 0x2007) || code === 0x2028 || code === 0x2029 || code === 0x205f
    || code === 0x3000;
}

/** Java's String.strip(): leading and trailing Java whitespace removed. */
export function strip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isJavaWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isJavaWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Java's String.isBlank(). */
export function isBlank(text: string): boolean {
  return strip(text).length === 0;
}

/** Java's List.toString(): `[a, b, c]`. */
export function listToString(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

/**
 * Java's Double.toString (JDK 19 and later: the shortest decimal that reads back, as JavaScript's), which Jackson
 * writes for a double: plain with at least one fraction digit from 10^-3 up to 10^7, else computerized scientific
 * notation (`1.0E-4`, `1.25E7`).
 */
export function javaDoubleToString(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = String(value);
    return plain.includes(".") ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.startsWith("+") ? exponent.slice(1) : exponent}`;
}
