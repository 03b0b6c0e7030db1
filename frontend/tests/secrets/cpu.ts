// scripts/bench-browser --cpu: the CPU time of the browser's split on one thread, in Node (no Worker there, so
// splitDataset reads the file on one thread), on stage.ts's generated CSV. CPU time (process.cpuUsage around
// splitDataset) rather than wall-clock time, which the load of a shared machine moves far more. Prints the seconds,
// MiB/s of CPU and a digest of the outputs (training CSV, test inputs, labels), to see that a change left them as they
// were. Argument: the CSV's size in MiB (default 40).
import { createHash } from "node:crypto";
import { splitDataset } from "../../src/requester/split";
import { labelledCsv, SECRETS } from "./stage";

const mib = Number(process.argv[2] ?? 40);
const file = new Blob([labelledCsv(7, mib << 20)]);
const options = { labelColumn: "label", testFraction: 0.2, stratified: true, salt: Buffer.from(SECRETS.salt.slice(2), "hex") };

const before = process.cpuUsage();
const split = await splitDataset(file, "generated.csv", options);
const used = process.cpuUsage(before);

const seconds = (used.user + used.system) / 1e6;
const digest = createHash("sha256");
digest.update(new Uint8Array(await split.training.arrayBuffer()));
digest.update(split.testInputs);
digest.update(split.labels);
console.log(`${mib} MiB: ${seconds.toFixed(2)} s of CPU (user ${(used.user / 1e6).toFixed(2)} s, system ${(used.system / 1e6).toFixed(2)} s),`
  + ` ${(file.size / 2 ** 20 / seconds).toFixed(1)} MiB/s; ${split.trainingRows} training and ${split.testRows} test rows;`
  + ` outputs ${digest.digest("hex").slice(0, 16)}`);
