// What the requester-secrets test and scripts/bench-browser share: a generated labelled CSV, the Java core's files for
// a CSV (RequesterFilesMain, test scope of backend/core), and the test page built by Vite, served under the UI's
// Content-Security-Policy to headless Chromium.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { Page } from "playwright-core";
import { build } from "vite";
import { prng } from "../../../test/helpers/random";
import { CSP } from "../../src/csp";
import { freePort, launchBrowser, root } from "../harness";
import type { Secrets } from "./page";

/** The fixed secrets both sides use, so that their files must be equal byte for byte. */
export const SECRETS = {
  bountyId: "0xd28505fd42efffc1aee9afe4960b581130fa2cf9b29078805a06128e94973776",
  salt: "0x4b19501a9299ec0c2c1713c4047d93a8d2dbb111cd67d4f23ebbdfa58312648c",
  sealingKey: "0x1dfbae59c3d69dc0a0a08acdde85d0b8bcab478870022f2e39f9071946791793",
  title: 'Parity "test"\twith \u0001 and \u001f controls, ünïcödé\nand a new line',
};

// Labels as people write them: padded (stripped by Java's rules: not the non-breaking space), quoted with a comma,
// non-ASCII; features as integers, decimals, exponents, padded and quoted numbers; LF and CRLF line ends.
const LABELS = ["cat", " dog ", '"bird, small"', "Ünïcödé", "\u00a0nbsp", "\u001fcontrol-padded\u001f"];
const FEATURES = 8;

/** About `bytes` bytes of labelled CSV (label in the middle column, a byte-order mark first), the same for a seed. */
export function labelledCsv(seed: number, bytes: number): Buffer {
  const random = prng(seed);
  const header = [...Array.from({ length: FEATURES / 2 }, (_, i) => `f${i}`), "label", ...Array.from({ length: FEATURES / 2 }, (_, i) => `f${i + 4}`)];
  const pieces: string[] = [`\ufeff${header.join(",")}\n`];
  let size = pieces[0].length;
  for (let row = 0; size < bytes; row++) {
    const cells = Array.from({ length: FEATURES }, () => {
      const kind = random();
      const value = Math.floor(random() * 256);
      return kind < 0.7 ? String(value) : kind < 0.8 ? `-${value}.${Math.floor(random() * 1000)}` : kind < 0.9 ? `${value}e-3` : kind < 0.95 ? ` ${value} ` : `"${value}"`;
    });
    cells.splice(FEATURES / 2, 0, LABELS[Math.floor(random() * random() * LABELS.length)]);
    const line = cells.join(",") + (row % 7 === 3 ? "\r\n" : "\n");
    pieces.push(line);
    size += line.length;
  }
  return Buffer.from(pieces.join(""), "utf8");
}

/** A CSV for the Java side and the browser, with the split options to use. */
export interface SplitCase {
  file: string;
  labelColumn: string;
  testFraction: number;
  stratified: boolean;
  /** Whether a label column of many distinct numbers is taken as classes (SplitOptions.classesFromNumbers). */
  classesFromNumbers?: boolean;
  /** For a regression split, the decimals of its fixed-point targets; absent for classification. */
  targetDecimals?: number;
}

/**
 * Runs RequesterFilesMain on every case, into `out/<file name>/` (Maven builds the class path as scripts/bench-core
 * does, env.sh's run_java_benchmark); read a case's files back with javaResult.
 */
export function javaFiles(out: string, cases: SplitCase[]): void {
  const args = [out, SECRETS.bountyId, SECRETS.salt, SECRETS.sealingKey, SECRETS.title,
    ...cases.flatMap((c) => [c.file, c.labelColumn, String(c.testFraction), String(c.stratified), String(c.classesFromNumbers === true),
      c.targetDecimals === undefined ? "-" : String(c.targetDecimals)])];
  const ran = spawnSync("bash", ["-c", 'source scripts/lib/env.sh && use_jdk && BENCH_HEAP=512m run_java_benchmark backend/core io.modelmarket.dataset.RequesterFilesMain "$@"', "java-files", ...args],
    { cwd: root, encoding: "utf8" });
  assert.equal(ran.status, 0, `RequesterFilesMain failed:\n${ran.stdout}\n${ran.stderr}`);
}

/** What the Java side wrote for `file`: its result and the sha256 of each file, or the error it refused the CSV with. */
export function javaResult(out: string, file: string): { error: string } | { result: Record<string, string | number>; sha256: Record<string, string>; labels: string; metadata: string } {
  const folder = path.join(out, path.basename(file));
  if (existsSync(path.join(folder, "error.txt"))) return { error: readFileSync(path.join(folder, "error.txt"), "utf8") };
  const sha = (name: string) => `0x${createHash("sha256").update(readFileSync(path.join(folder, name))).digest("hex")}`;
  return {
    result: JSON.parse(readFileSync(path.join(folder, "result.json"), "utf8")),
    sha256: { training: sha("training.csv"), testInputs: sha("test-inputs.csv"), sealedTestInputs: sha("sealed-test-inputs.bin"), metadata: sha("metadata.json") },
    labels: `0x${readFileSync(path.join(folder, "labels.bin")).toString("hex")}`,
    metadata: readFileSync(path.join(folder, "metadata.json"), "utf8"),
  };
}

export interface SecretsPage {
  page: Page;
  /** The URL of a file of `files` on the page's origin. */
  url(file: string): string;
  /** Every Content-Security-Policy violation the page reported. */
  violations: string[];
  /** Every request the page and its worker sent, as `METHOD /path`. */
  requests: string[];
  close(): Promise<void>;
}

/** Builds the test page with Vite into `out`, serves it and `files` (name -> path) under the CSP, and opens it in Chromium. */
export async function openSecretsPage(out: string, files: Map<string, string>): Promise<SecretsPage> {
  const dist = path.join(out, "page");
  await build({ root: import.meta.dirname, base: "./", logLevel: "warn", build: { outDir: dist, emptyOutDir: true, target: "es2022" } });
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url!, "http://localhost").pathname).slice(1);
    const file = name.startsWith("files/") ? files.get(name.slice("files/".length)) : path.join(dist, name || "index.html");
    if (file === undefined || !existsSync(file) || !name.startsWith("files/") && !file.startsWith(`${dist}${path.sep}`)) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".html") ? "text/html" : file.endsWith(".js") ? "text/javascript" : "application/octet-stream";
    response.writeHead(200, { "content-type": type, "content-security-policy": CSP }).end(readFileSync(file));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => (server as Server).listen(port, "127.0.0.1", resolve));
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const violations: string[] = [];
  const requests: string[] = [];
  page.on("request", (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  page.on("console", (message) => {
    if (message.type() === "error") violations.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => violations.push(`page error: ${error.message}`));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector("body[data-ready]", { state: "attached" });
  return {
    page,
    url: (file) => `/files/${encodeURIComponent(file)}`,
    violations,
    requests,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Calls `window.secrets[name](argument)` in the page. */
export function callPage<K extends keyof Secrets>(page: Page, name: K, argument: Parameters<Secrets[K]>[0]): Promise<Awaited<ReturnType<Secrets[K]>>> {
  return page.evaluate(([method, arg]) => {
    const secrets = (window as unknown as { secrets: Record<string, (a: unknown) => unknown> }).secrets;
    return secrets[method as string](arg);
  }, [name, argument] as const) as Promise<Awaited<ReturnType<Secrets[K]>>>;
}
