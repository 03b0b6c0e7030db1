// scripts/bench-browser --cpu: the CPU time of the browser's split on one thread, in Node (no Worker there, so
// splitDataset reads the file on one thread), on stage.ts's generated CSV. CPU time (process.cpuUsage around
// splitDataset) rather than wall-clock time, which the load of a shared machine moves far more. Prints the seconds,
// MiB/s of CPU and a digest of the outputs (training CSV, test inputs, labels), to see that a change left them as they
// were. Arguments: the CSV's size in MiB (default 40); `--runs N` splits it N times in the one process (the first run
// cold, the others with the code compiled); `--profile FILE` also writes a CPU profile of the (last) split alone
// (Chrome DevTools' .cpuprofile). The CSV is generated once, by a child process, into the temporary folder, so that
// neither its making nor stage.ts's imports (Vite, Playwright) weigh on the process measured.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { splitDataset } from "../../src/requester/split";

const args = process.argv.slice(2);
const mib = Number(args.find((arg) => /^[0-9]+$/.test(arg)) ?? 40);
const csv = path.join(tmpdir(), `modelmarket-split-cpu-${mib}mib.csv`);

if (args[0] === "--generate") {
  const { labelledCsv } = await import("./stage");
  writeFileSync(`${csv}.part`, labelledCsv(7, mib << 20));
  renameSync(`${csv}.part`, csv);
  process.exit(0);
}
if (!existsSync(csv)) {
  const made = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--generate", String(mib)], { stdio: "inherit" });
  if (made.status !== 0) throw new Error(`generating ${csv} failed`);
}
const profileAt = args.indexOf("--profile");
const profile = profileAt >= 0 ? args[profileAt + 1] : undefined;
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;

const file = new Blob([readFileSync(csv)]);
const options = { labelColumn: "label", testFraction: 0.2, stratified: true, salt: new Uint8Array(32).fill(7) };
for (let run = 1; run <= runs; run++) {
  const session = profile === undefined || run < runs ? undefined : new Session();
  if (session !== undefined) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }

  const before = process.cpuUsage();
  const split = await splitDataset(file, "generated.csv", options);
  const used = process.cpuUsage(before);

  if (session !== undefined) {
    const { profile: taken } = await session.post("Profiler.stop");
    writeFileSync(profile!, JSON.stringify(taken));
  }
  const seconds = (used.user + used.system) / 1e6;
  const digest = createHash("sha256");
  digest.update(new Uint8Array(await split.training.arrayBuffer()));
  digest.update(split.testInputs);
  digest.update(split.labels);
  console.log(`${runs > 1 ? `run ${run}: ` : ""}${mib} MiB: ${seconds.toFixed(2)} s of CPU (user ${(used.user / 1e6).toFixed(2)} s, system ${(used.system / 1e6).toFixed(2)} s),`
    + ` ${(file.size / 2 ** 20 / seconds).toFixed(1)} MiB/s; ${split.trainingRows} training and ${split.testRows} test rows;`
    + ` outputs ${digest.digest("hex").slice(0, 16)}`);
}
