// npm run bench — scale benchmark of issue #7 (a script, not a test: timings belong here, not in the suite).
//
//   npm run bench [-- --orgs 1000,10000] [--latency 5] [--concurrency 32] [--runs 3] [--startup-runs 21]
//                    [--json FILE] [--strict] [--cli PATH]
//
// For each size N: a fresh emulator process with N orgs and L ms of latency per request, a config that
// declares half of them (half of those with a change), then `plan`, `apply --auto-approve` and a second
// apply that must write nothing — the built CLI, each as its own child process. Prints wall time, the
// bound N·L/concurrency and the ratio, peak RSS, the server's requests by kind and the writes; then the
// median start-up of `validate` on a small file; then whether each target of the issue was met.
// --strict exits 1 when a target is missed. --cli measures another build's bin.js (e.g. an older commit's,
// checked out with git worktree and built) against the same emulator, for before/after comparisons. Figures, machine
// and command are recorded in docs/benchmarks.md.
//
// The rate-limited workload of issue #14 (bench/rate-limited.ts) runs too, unless --workload names only
// `scale`: --rate-orgs N (default 10000) declared orgs, --rate-limit R (default 50) requests per second,
// per-org and events reading side by side. --per-org-rate-limited extrapolate skips the per-org steps under
// the rate limit (minutes each) and estimates them from their request counts.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { machine, renderStartup, renderTable, renderVerdicts, summarize, verdicts } from "./report.js";
import { measureScale, type StepResult } from "./scale.js";
import { measureStartup } from "./startup.js";
import { measureRateLimited, rateScenario, rateVerdicts, renderRateTable, type RateResult } from "./rate-limited.js";

const { values } = parseArgs({
  options: {
    orgs: { type: "string", default: "1000,10000" },
    latency: { type: "string", default: "5" },
    concurrency: { type: "string", default: "32" },
    runs: { type: "string", default: "3" },
    "startup-runs": { type: "string", default: "21" },
    json: { type: "string" },
    strict: { type: "boolean", default: false },
    cli: { type: "string" },
    workload: { type: "string", default: "scale,rate-limited" },
    "rate-orgs": { type: "string", default: "10000" },
    "rate-limit": { type: "string", default: "50" },
    "per-org-rate-limited": { type: "string", default: "measure" },
  },
});

function whole(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

const sizes = values.orgs.split(",").map((s) => whole("orgs", s.trim(), 4));
const latencyMs = whole("latency", values.latency, 0);
const concurrency = whole("concurrency", values.concurrency, 1);
const runs = whole("runs", values.runs, 1);
const startupRuns = whole("startup-runs", values["startup-runs"], 0);
const cli = values.cli === undefined ? undefined : resolve(values.cli);
const log = (line: string) => void process.stderr.write(`${line}\n`);

const workloads = new Set(values.workload.split(",").map((w) => w.trim()));
for (const w of workloads)
  if (w !== "scale" && w !== "rate-limited") throw new Error(`--workload takes scale and/or rate-limited, not "${w}"`);
const perOrgRateLimited = values["per-org-rate-limited"];
if (perOrgRateLimited !== "measure" && perOrgRateLimited !== "extrapolate")
  throw new Error("--per-org-rate-limited takes measure or extrapolate");
const rateOrgs = whole("rate-orgs", values["rate-orgs"], 4);
const rateLimit = whole("rate-limit", values["rate-limit"], 1);

log(`machine: ${machine()}`);
const steps: StepResult[] = [];
for (const orgs of workloads.has("scale") ? sizes : []) {
  for (let run = 1; run <= runs; run++) {
    log(`${orgs} orgs, run ${run}/${runs}`);
    steps.push(...(await measureScale({ orgs, latencyMs, concurrency, log, ...(cli ? { cli } : {}) })));
  }
}
const rate: RateResult[] = workloads.has("rate-limited")
  ? await measureRateLimited({ orgs: rateOrgs, latencyMs, rateLimit, perOrgRateLimited, log, ...(cli ? { cli } : {}) })
  : [];
// Every fourth declared org changes (rate-limited.ts); the seed orgs' custom policies do not matter for the count.
const rateChanges = rateScenario(Array.from({ length: rateOrgs }, (_, i) => ({ id: String(i), custom: null }))).changes;
const rateVerdictList = rate.length > 0 ? rateVerdicts(rate, { orgs: rateOrgs, rateLimit }, rateChanges) : [];
log(`validate start-up, ${startupRuns} runs`);
const startup = startupRuns > 0 && workloads.has("scale") ? await measureStartup(startupRuns, cli) : undefined;

const rows = summarize(steps);
const verdictList = [...verdicts(rows, startup, concurrency), ...rateVerdictList];
const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();
process.stdout.write(
  [
    `zitadel-lockout benchmark — ${new Date().toISOString()}`,
    `machine: ${machine()}`,
    `command: ${command}`,
    "",
    ...(rows.length > 0 ? [renderTable(rows, latencyMs, concurrency), ""] : []),
    ...(rate.length > 0
      ? [
          `Rate-limited workload: ${rateOrgs.toLocaleString("en")} declared orgs, ` +
            `${rateChanges.toLocaleString("en")} changes, ${latencyMs} ms latency, --rate-limit ${rateLimit} ` +
            `(CLI default concurrency):`,
          renderRateTable(rate),
          "",
        ]
      : []),
    startup ? renderStartup(startup) : "",
    "",
    renderVerdicts(verdictList),
    "",
  ].join("\n"),
);
if (values.json) {
  writeFileSync(
    values.json,
    `${JSON.stringify(
      { machine: machine(), command, latencyMs, concurrency, runs, rows, startup, verdicts: verdictList, steps, rate },
      null,
      2,
    )}\n`,
  );
}
process.exitCode = values.strict && verdictList.some((v) => !v.met) ? 1 : 0;
