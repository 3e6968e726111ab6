// Issue #11, tampered and crafted plan files: a plan file alone never decides where credentials go (the
// server must be confirmed by --url, ZITADEL_URL, the config's server: or a yes on a terminal); a plan
// that contradicts itself is refused; `apply PLANFILE -f CONFIG` refuses a plan that is not what the
// config produces against the plan's own before state; lint rules run over a saved plan's after values.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { harness, type Harness } from "../reconcile/harness.js";

interface Change {
  target: string;
  action: string;
  before: { maxPasswordAttempts: number; maxOtpAttempts: number } | null;
  after: { maxPasswordAttempts: number; maxOtpAttempts: number } | null;
  [k: string]: unknown;
}
interface PlanDoc {
  server: string;
  changes: Change[];
  summary: Record<string, number>;
  [k: string]: unknown;
}

let h: Harness;
let orgs: string[];
/** A server that records every request and its Authorization header: where a crafted plan would send them. */
let collector: { url: string; requests: { path: string; authorization?: string }[]; close(): Promise<void> };

const CONFIG = (a: string, b: string) =>
  [
    "version: 1",
    "instance:",
    "  maxPasswordAttempts: 5",
    "  maxOtpAttempts: 5",
    "orgs:",
    `  - id: "${a}"`,
    "    maxPasswordAttempts: 3",
    "  - name: Second",
    "    maxOtpAttempts: 4",
    "",
  ]
    .join("\n")
    .replace("Second", b);

beforeAll(async () => {
  h = await harness();
  orgs = [h.emu.control.addOrg("First"), h.emu.control.addOrg("Second")];
  const requests: { path: string; authorization?: string }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({
      path: req.url ?? "",
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  collector = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
});
afterAll(async () => {
  await collector.close();
  await h.close();
});
beforeEach(() => {
  h.emu.control.setInstancePolicy({ maxPasswordAttempts: 10, maxOtpAttempts: 10 });
  for (const o of orgs) h.emu.control.setOrgPolicy(o, null);
  h.ws.write("lockout.yaml", CONFIG(orgs[0]!, "Second"));
});

async function savedPlan(): Promise<PlanDoc> {
  const r = await h.cli(["plan", "--out", "plan.json"]);
  expect(r.code, r.stderr).toBe(0);
  h.emu.clearLog();
  return JSON.parse(h.ws.read("plan.json")) as PlanDoc;
}
const save = (name: string, plan: PlanDoc) => h.ws.write(name, JSON.stringify(plan, null, 2));
const noUrl = { ZITADEL_URL: undefined };

describe("where a saved plan's credentials go", () => {
  it("a plan naming another server, with nothing confirming it, is refused before any request", async () => {
    const plan = await savedPlan();
    save("crafted.json", { ...plan, server: collector.url });
    const r = await h.cli(["apply", "crafted.json"], noUrl);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the plan file names the server ${collector.url}, and nothing confirms it`);
    expect(collector.requests).toEqual([]);
    expect(h.emu.requestLog).toEqual([]);
  });

  it("the plan's own server is not used either without a confirmation", async () => {
    await savedPlan();
    const r = await h.cli(["apply", "plan.json"], noUrl);
    expect(r.code).toBe(1);
    expect(h.emu.requestLog).toEqual([]);
  });

  it("on a terminal, no means nothing is sent; yes applies", async () => {
    await savedPlan();
    const questions: string[] = [];
    const no = await h.cli(["apply", "plan.json"], noUrl);
    expect(no.code).toBe(1);
    const { run } = await import("../support/io.js");
    const asked = await run(["apply", "plan.json"], {
      cwd: h.ws.dir,
      env: { ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain("not confirmed; nothing was sent");
    expect(h.emu.requestLog).toEqual([]);
    const yes = await run(["apply", "plan.json"], {
      cwd: h.ws.dir,
      env: { ZITADEL_TOKEN: h.emu.credentials.iamOwnerToken },
      interactive: true,
      confirm: async () => true,
    });
    expect(yes.code, yes.stderr).toBe(0);
    expect(questions[0]).toContain(`The plan file names the server ${h.emu.url}`);
    expect(h.writes().length).toBeGreaterThan(0);
  });

  it("the config's server: confirms it (apply PLANFILE -f CONFIG)", async () => {
    await savedPlan();
    h.ws.write("with-server.yaml", `server: ${h.emu.url}\n${CONFIG(orgs[0]!, "Second")}`);
    const r = await h.cli(["apply", "plan.json", "-f", "with-server.yaml"], noUrl);
    expect(r.code, r.stderr).toBe(0);
  });

  it("a config whose server: is another one is refused", async () => {
    await savedPlan();
    h.ws.write("other.yaml", `server: ${collector.url}\n${CONFIG(orgs[0]!, "Second")}`);
    const r = await h.cli(["apply", "plan.json", "-f", "other.yaml"], noUrl);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`but server: in the config names ${collector.url}`);
    expect(collector.requests).toEqual([]);
  });
});

describe("a plan edited by hand", () => {
  it("a noop whose after differs from its before is refused", async () => {
    h.emu.control.setInstancePolicy({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    const plan = await savedPlan();
    const instance = plan.changes.find((c) => c.target === "instance")!;
    expect(instance.action).toBe("noop");
    instance.after = { maxPasswordAttempts: 0, maxOtpAttempts: 0 };
    save("noop.json", plan);
    const r = await h.cli(["apply", "noop.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("instance: a noop whose after (0/0) differs from its before (5/5)");
    expect(h.emu.requestLog).toEqual([]);
  });

  it("values edited consistently (after 3 → 99, the instance → 0/0) are refused with -f, nothing written", async () => {
    const plan = await savedPlan();
    for (const c of plan.changes) {
      if (c.target === "instance") c.after = { maxPasswordAttempts: 0, maxOtpAttempts: 0 };
      else if (c.after?.maxPasswordAttempts === 3) c.after = { ...c.after, maxPasswordAttempts: 99 };
    }
    save("edited.json", plan);
    const r = await h.cli(["apply", "edited.json", "-f", "lockout.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "the plan file edited.json is not what lockout.yaml produces against the plan's own before state; " +
        "nothing was written",
    );
    expect(r.stderr).toContain("instance: the plan sets 0/0, the config gives 5/5");
    expect(r.stderr).toContain(`org:${orgs[0]}: the plan sets 99/5, the config gives 3/5`);
    expect(h.writes()).toEqual([]);
  });

  it("without the config, the lint rules still speak up about the edited values", async () => {
    const plan = await savedPlan();
    plan.changes.find((c) => c.target === "instance")!.after = { maxPasswordAttempts: 0, maxOtpAttempts: 0 };
    save("zero.json", plan);
    const r = await h.cli(["apply", "zero.json"]);
    expect(r.stderr).toContain(
      "zero.json: warning[password-lockout-disabled]: the instance default: maxPasswordAttempts: 0 never locks",
    );
    expect(r.stderr).toContain("(in the plan's values)");
  });

  it("a change dropped from the plan, or one added, is refused with -f", async () => {
    const plan = await savedPlan();
    const dropped = { ...plan, changes: plan.changes.filter((c) => c.target !== `org:${orgs[1]}`) };
    dropped.summary = { ...plan.summary, create: plan.summary.create! - 1 };
    save("dropped.json", dropped);
    const r = await h.cli(["apply", "dropped.json", "-f", "lockout.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the org named at lockout\.yaml:\d+:\d+ is not in the plan/);
    h.ws.write("less.yaml", CONFIG(orgs[0]!, "Second").split("  - name: Second")[0]!);
    const extra = await h.cli(["apply", "plan.json", "-f", "less.yaml"]);
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain(
      `org:${orgs[1]}: the plan creates it, but the config does not manage it (nor prune it)`,
    );
    expect(h.writes()).toEqual([]);
  });

  it("the genuine plan passes the check and is applied (creates fill omitted fields from the instance)", async () => {
    // No instance block: the creates' omitted fields come from the instance values the orgs inherited.
    h.ws.write(
      "orgs-only.yaml",
      CONFIG(orgs[0]!, "Second").replace("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\n", ""),
    );
    const made = await h.cli(["plan", "-f", "orgs-only.yaml", "--out", "orgs.json"]);
    expect(made.code, made.stderr).toBe(0);
    const r = await h.cli(["apply", "orgs.json", "-f", "orgs-only.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(h.emu.control.orgPolicy(orgs[1]!)).toMatchObject({ maxPasswordAttempts: 10, maxOtpAttempts: 4 });
  });

  it("an omitted field edited in a create is caught against the inherited instance values", async () => {
    h.ws.write(
      "orgs-only.yaml",
      CONFIG(orgs[0]!, "Second").replace("instance:\n  maxPasswordAttempts: 5\n  maxOtpAttempts: 5\n", ""),
    );
    await h.cli(["plan", "-f", "orgs-only.yaml", "--out", "orgs.json"]);
    const plan = JSON.parse(h.ws.read("orgs.json")) as PlanDoc;
    plan.changes.find((c) => c.target === `org:${orgs[1]}`)!.after = { maxPasswordAttempts: 0, maxOtpAttempts: 4 };
    save("orgs.json", plan);
    h.emu.clearLog();
    const r = await h.cli(["apply", "orgs.json", "-f", "orgs-only.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`org:${orgs[1]}: the plan sets 0/4, the config gives 10/4`);
    expect(h.writes()).toEqual([]);
  });
});

describe("a wrong file given as the plan", () => {
  it("apply .env says it is not a plan without quoting a byte of it", async () => {
    const token = h.emu.credentials.iamOwnerToken;
    h.ws.write(".env", `ZITADEL_TOKEN=${token}\n`);
    const r = await h.cli(["apply", ".env"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(".env: not a plan file: it is not valid JSON");
    expect(r.stderr).not.toContain("ZITADEL_TOKEN=");
    expect(r.stderr).not.toContain(token.slice(0, 8));
  });

  it("a journal that is not JSON is reported without quoting it", async () => {
    const token = h.emu.credentials.iamOwnerToken;
    h.ws.write("journal.json", `ZITADEL_TOKEN=${token}\n`);
    const r = await h.cli(["drift", "--journal", "journal.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("journal.json: not a journal file: it is not valid JSON");
    expect(r.stderr).not.toContain("ZITADEL_TOKEN=");
  });
});

describe("ids in a plan file", () => {
  it.each(["org:a b", "org:../../admin", "org:1?x=2", "org:"])(
    "a target %j is not an org id: the plan is refused as damaged before any request",
    async (target) => {
      const plan = await savedPlan();
      plan.changes.find((c) => c.target === `org:${orgs[0]!}`)!.target = target;
      save("bad-id.json", plan);
      const r = await h.cli(["apply", "bad-id.json"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("bad-id.json: the plan file is damaged");
      expect(h.emu.requestLog).toEqual([]);
    },
  );
});
