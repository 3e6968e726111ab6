// Two applies over the same targets at once, with different desired values (issue #7). ZITADEL's writes
// take no expected sequence (docs/guarantees.md), so no client can make this race safe on its own; what the
// tool guarantees, and what this test checks for every interleaving it meets:
//   - each run exits 0 (its values written and verified), 4 (stale: nothing written) or 1 (a conflict,
//     reported as such) — never a success that a read after its writes does not back;
//   - a run that writes has, for every target, seen no completed write of the other run before its
//     preflight read: lost updates can only come from the window between preflight and write;
//   - no target ever holds anything but one run's complete pair of values.
// Each run talks through its own recording proxy, so every request is attributed and timed.
import { describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";
import { startProxy, type Exchange, type Interception, type ProxiedRequest, type Proxy } from "./proxy.js";

type Settings = { maxPasswordAttempts: number; maxOtpAttempts: number };
interface Run {
  readonly name: "A" | "B";
  readonly want: Settings;
  readonly proxy: Proxy;
  /** A reports as JSON, B as text: the conflict report is checked in both. */
  readonly format: "json" | "text";
  code?: number;
  stdout?: string;
  out?: string;
}

const A: Settings = { maxPasswordAttempts: 3, maxOtpAttempts: 3 };
const B: Settings = { maxPasswordAttempts: 4, maxOtpAttempts: 4 };
const ORGS = 8;

const targetOf = (x: Exchange): string | undefined =>
  x.request.path.startsWith("/management/v1/policies/lockout")
    ? `org:${x.request.orgId}`
    : x.request.path.startsWith("/v2/settings/lockout?ctx.instance=true") ||
        x.request.path === "/admin/v1/policies/password/lockout"
      ? "instance"
      : undefined;
const isWrite = (x: Exchange) => x.request.method !== "GET" && targetOf(x) !== undefined;
const isRead = (x: Exchange) => x.request.method === "GET" && targetOf(x) !== undefined;

/** The values a policy read returned (null: the org inherits). */
function readValues(x: Exchange): Settings | null {
  type Counts = { maxPasswordAttempts?: string; maxOtpAttempts?: string };
  const body = JSON.parse(x.responseText) as { policy?: Counts & { isDefault?: boolean }; settings?: Counts };
  // The instance is read through the settings API ({settings}), orgs through management ({policy}).
  const counts = targetOf(x) === "instance" ? body.settings! : body.policy!;
  if (body.policy?.isDefault && targetOf(x) !== "instance") return null;
  return {
    maxPasswordAttempts: Number(counts.maxPasswordAttempts ?? 0),
    maxOtpAttempts: Number(counts.maxOtpAttempts ?? 0),
  };
}

const config = (want: Settings, orgIds: readonly string[]) =>
  [
    "version: 1",
    "instance:",
    `  maxPasswordAttempts: ${want.maxPasswordAttempts + 3}`,
    `  maxOtpAttempts: ${want.maxOtpAttempts + 3}`,
    "orgs:",
    ...orgIds.flatMap((id) => [
      `  - id: "${id}"`,
      `    maxPasswordAttempts: ${want.maxPasswordAttempts}`,
      `    maxOtpAttempts: ${want.maxOtpAttempts}`,
    ]),
    "",
  ].join("\n");

/** What each target must hold when run r's values are in place. */
const wanted = (want: Settings, target: string): Settings =>
  target === "instance"
    ? { maxPasswordAttempts: want.maxPasswordAttempts + 3, maxOtpAttempts: want.maxOtpAttempts + 3 }
    : want;

interface Round {
  readonly runs: [Run, Run];
  readonly h: Harness;
  readonly targets: string[];
  /** Policy events before the two runs started. */
  readonly eventsBefore: number;
  /** Runs one apply through its proxy and records how it ended. */
  apply(r: Run, extra?: readonly string[]): Promise<void>;
}

type Intercepts = Partial<Record<Run["name"], (r: ProxiedRequest) => Interception | undefined>>;

async function setUp(intercepts: Intercepts = {}): Promise<Round> {
  const h = await harness({ latencyMs: 8, seed: 11 });
  const orgIds = Array.from({ length: ORGS }, (_, i) => h.emu.control.addOrg(`Race Org ${i}`));
  // Half start custom (both runs update them), half inherit (both runs create them: one meets AlreadyExists).
  orgIds
    .slice(0, ORGS / 2)
    .forEach((id) => h.emu.control.setOrgPolicy(id, { maxPasswordAttempts: 9, maxOtpAttempts: 9 }));
  h.ws.write("a.yaml", config(A, orgIds));
  h.ws.write("b.yaml", config(B, orgIds));
  const runs: [Run, Run] = [
    { name: "A", want: A, proxy: await startProxy(h.emu.url, intercepts.A), format: "json" },
    { name: "B", want: B, proxy: await startProxy(h.emu.url, intercepts.B), format: "text" },
  ];
  return {
    runs,
    h,
    targets: ["instance", ...orgIds.map((id) => `org:${id}`)],
    eventsBefore: h.emu.control.policyHistory().length,
    async apply(r, extra = []) {
      const res = await h.cli([
        "apply",
        "-f",
        `${r.name.toLowerCase()}.yaml`,
        "--auto-approve",
        "--format",
        r.format,
        "--url",
        r.proxy.url,
        ...extra,
      ]);
      r.code = res.code;
      r.stdout = res.stdout;
      r.out = res.stdout + res.stderr;
    },
  };
}

/** A starts; B starts `staggerMs` later (or, with "after", once A has finished). */
async function race(staggerMs: number | "after"): Promise<Round> {
  const round = await setUp();
  const [a, b] = round.runs;
  const first = round.apply(a);
  if (staggerMs === "after") await first;
  else await new Promise((resolve) => setTimeout(resolve, staggerMs));
  await Promise.all([first, round.apply(b)]);
  return round;
}

function checkRound({ runs, h, targets, eventsBefore }: Round): void {
  for (const r of runs) {
    const other = runs.find((o) => o !== r)!;
    const writes = r.proxy.log.filter(isWrite);
    expect([0, 1, 4], `${r.name} exited ${r.code}: ${r.out}`).toContain(r.code);
    if (r.code === 4) {
      expect(r.out).toMatch(/the plan is stale: the server changed since it was made; nothing was written/);
      expect(writes, `${r.name} was stale but wrote`).toEqual([]);
    }
    if (r.code === 1) expectConflictReport(r);
    if (r.code === 0) {
      // A success is backed by the wire: after its own write, the run's last read of each target showed its values.
      for (const t of targets) {
        const lastWrite = writes.filter((x) => targetOf(x) === t).at(-1);
        const lastRead = r.proxy.log.filter((x) => isRead(x) && targetOf(x) === t).at(-1);
        expect(lastWrite, `${r.name} reported success without writing ${t}`).toBeDefined();
        expect(lastRead!.startedAt, `${r.name} verified ${t} before writing it`).toBeGreaterThanOrEqual(
          lastWrite!.endedAt,
        );
        expect(readValues(lastRead!), `${r.name} verified ${t}`).toEqual(wanted(r.want, t));
      }
    }
    if (writes.length > 0) {
      // Preflight: a run that writes found no write of the other's landing on any target between its plan's
      // read and its preflight read (started after the one was answered, answered before the other was sent).
      const firstWrite = Math.min(...writes.map((x) => x.startedAt));
      for (const t of targets) {
        const reads = r.proxy.log.filter((x) => isRead(x) && targetOf(x) === t && x.startedAt < firstWrite);
        const [planRead, preflight] = [reads[0], reads.at(-1)];
        if (!planRead || reads.length < 2) continue; // no change planned for t: no preflight read
        // An org that inherited when planned is guarded by the instance's sequence too: its read fell back to
        // the instance row, so an instance write also moves it (and would change what it inherits).
        const guards = t !== "instance" && readValues(planRead) === null ? [t, "instance"] : [t];
        const between = other.proxy.log.filter(
          (x) =>
            isWrite(x) &&
            guards.includes(targetOf(x)!) &&
            x.status === 200 &&
            x.startedAt > planRead.endedAt &&
            x.endedAt < preflight!.startedAt,
        );
        expect(
          between,
          `${r.name} wrote although ${other.name} changed ${guards.join(" or ")} after ${r.name}'s plan ` +
            `of ${t} and before its preflight`,
        ).toEqual([]);
      }
    }
  }
  // Whatever the interleaving, each target holds one run's complete values — and never held anything else.
  const allowed = (t: string) => [wanted(A, t), wanted(B, t)];
  for (const e of h.emu.control.policyHistory().slice(eventsBefore)) {
    expect(e.type, `${e.target} was reset`).not.toBe("removed");
    expect(allowed(e.target), `${e.target} received ${JSON.stringify(e.settings)}`).toContainEqual(e.settings);
  }
  for (const t of targets) {
    const p = t === "instance" ? h.emu.control.instancePolicy() : h.emu.control.orgPolicy(t.slice(4));
    expect(allowed(t), t).toContainEqual({
      maxPasswordAttempts: p!.maxPasswordAttempts,
      maxOtpAttempts: p!.maxOtpAttempts,
    });
  }
}

/** Exit 1 must say what went wrong: which targets another writer changed, in the report's own format. */
function expectConflictReport(r: Run): void {
  if (r.format === "text") {
    expect(r.stdout).toMatch(/someone else is changing this target|after apply the server still differs from the plan/);
    expect(r.stdout).toMatch(/Apply failed: /);
    return;
  }
  const doc = JSON.parse(r.stdout!) as {
    ok: boolean;
    unconverged: unknown[];
    results: { target: string; status: string; error?: string }[];
  };
  expect(doc.ok).toBe(false);
  const failed = doc.results.filter((x) => x.status === "failed");
  expect(doc.unconverged.length + failed.length, r.stdout).toBeGreaterThan(0);
  for (const f of failed) expect(f.error).toMatch(/someone else is changing this target/);
  // Unconverged after a successful write: another writer; after a failed one: the failure, reported above.
  for (const u of doc.unconverged as { target: string; reason: string }[]) {
    expect(u.reason).toMatch(
      failed.some((f) => f.target === u.target) ? /^the write failed/ : /someone else changed this target/,
    );
  }
  // stdout is the JSON alone; the log (stderr) says in words why the run failed.
  expect(r.out!.slice(r.stdout!.length)).toMatch(/Apply failed: /);
}

async function closeRound({ runs, h }: Round): Promise<void> {
  for (const r of runs) await r.proxy.close();
  await h.close();
}

describe("two applies over the same targets at once", () => {
  it("each converges, is refused as stale, or reports the conflict — at every stagger", async () => {
    const outcomes: string[] = [];
    for (const staggerMs of [0, 0, 5, 20, 45, 90]) {
      const r = await race(staggerMs);
      try {
        checkRound(r);
        outcomes.push(r.runs.map((run) => `${run.name}${run.code}`).join(" "));
      } finally {
        await closeRound(r);
      }
    }
    // The race was real: at least one round ended with a stale refusal or a reported conflict.
    expect(outcomes.join(", ")).toMatch(/[AB][14]/);
  }, 60_000);

  it("one after the other, both succeed and the second one's values stand", async () => {
    const r = await race("after");
    try {
      checkRound(r);
      expect(r.runs.map((run) => run.code)).toEqual([0, 0]);
      for (const t of r.targets.slice(1)) expect(r.h.emu.control.orgPolicy(t.slice(4))).toMatchObject(B);
    } finally {
      await closeRound(r);
    }
  }, 30_000);

  it("the window that remains: B's writes held after its preflight overwrite A's verified updates", async () => {
    // ZITADEL's writes take no expected sequence, so nothing on the wire can stop this (docs/guarantees.md).
    // B reads, preflights and is held at its first write; A then plans, applies and verifies; B's writes go on.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let bHeld!: () => void;
    const bReachedWrites = new Promise<void>((resolve) => (bHeld = resolve));
    const r = await setUp({
      B: (req) => {
        // Reads pass, also the searches and permission queries that are POSTs; the first policy write is held.
        if (req.method === "GET" || !/^\/(management|admin)\/v1\/policies\//.test(req.path)) return undefined;
        bHeld();
        return { kind: "hold", until: released };
      },
    });
    try {
      const [a, b] = r.runs;
      const bDone = r.apply(b);
      await bReachedWrites;
      await r.apply(a, ["--journal", "a-journal.json"]);
      expect(a.code, a.out).toBe(0); // A's success was true when it verified.
      release();
      await bDone;
      checkRound(r);
      const [updated, created] = [r.targets.slice(0, 1 + ORGS / 2), r.targets.slice(1 + ORGS / 2)];
      // Creates are safe: POST fails with AlreadyExists once A has created the policy, and B reports it.
      expect(b.code).toBe(1);
      for (const t of created) {
        // Orgs declared by id are named in reports too: "org:ID (name): …".
        expect(b.stdout).toContain(
          `: create failed: the server answered AlreadyExists, and a re-read shows 3/3 instead of 4/4: ` +
            `someone else is changing this target`,
        );
        expect(b.stdout).toMatch(new RegExp(`${t} \\([^)]+\\): create failed: the server answered AlreadyExists`));
        expect(r.h.emu.control.orgPolicy(t.slice(4))).toMatchObject(A);
      }
      // Updates are not: B's PUTs replaced A's verified values, and B, whose preflight was clean, reports them
      // as its own successes. That is the lost update the API cannot prevent — and it happened only inside
      // the window: all B's preflight reads were answered before A's first write, all B's writes came after.
      for (const t of updated) {
        expect(b.stdout).toMatch(new RegExp(`✓ ${t}( \\([^)]+\\))?: updated`));
        const live = t === "instance" ? r.h.emu.control.instancePolicy() : r.h.emu.control.orgPolicy(t.slice(4));
        expect(live, t).toMatchObject(wanted(B, t));
      }
      const aFirstWrite = Math.min(...a.proxy.log.filter(isWrite).map((x) => x.startedAt));
      const bReads = b.proxy.log.filter(isRead).filter((x) => x.startedAt < aFirstWrite);
      expect(bReads.length).toBeGreaterThan(r.targets.length); // its plan reads and its preflight reads
      expect(Math.max(...bReads.map((x) => x.endedAt))).toBeLessThan(aFirstWrite);
      expect(b.proxy.log.filter(isWrite).every((x) => x.startedAt > aFirstWrite)).toBe(true);
      // What A can still do: its next drift check against its journal sees every overwritten target move.
      const drift = await r.h.cli([
        "drift",
        "-f",
        "a.yaml",
        "--journal",
        "a-journal.json",
        "--format",
        "json",
        "--url",
        a.proxy.url,
      ]);
      expect(drift.code, drift.stderr).toBe(3);
      const report = JSON.parse(drift.stdout) as { targets: { target: string; drifted: boolean }[] };
      const drifted = report.targets.filter((x) => x.drifted).map((x) => x.target);
      expect(drifted.sort()).toEqual([...updated].sort());
    } finally {
      release();
      await closeRound(r);
    }
  }, 30_000);
});
