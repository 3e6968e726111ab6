// The knobs: seeded and scheduled fault injection (429 JSON, 429 text, 503, dropped connection), latency, generated
// orgs, and --state persistence (atomic, reloaded on restart, no credential inside).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type FaultKind } from "../../src/emulator/index.js";
import { callEmulator } from "../support/emulator.js";

async function withEmu<T>(options: Parameters<typeof startEmulator>[0], fn: (emu: Emulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator(options);
  try {
    return await fn(emu);
  } finally {
    await emu.close();
  }
}

const read = (emu: Emulator) =>
  callEmulator(emu, { method: "GET", path: "/admin/v1/policies/lockout", token: emu.credentials.iamOwnerToken }).catch(
    () => ({ status: 0, text: "", json: undefined, headers: new Headers() }),
  );

describe("fault injection", () => {
  const faultsOf = async (seed: number) =>
    withEmu({ seed, faults: { rate: 0.5, kinds: ["429-json", "503"] } }, async (emu) => {
      for (let i = 0; i < 30; i++) await read(emu);
      return emu.requestLog.map((e) => e.fault ?? "ok");
    });

  it("is deterministic for a seed, varies across seeds, and hits roughly the rate", async () => {
    const a = await faultsOf(7);
    expect(await faultsOf(7)).toEqual(a);
    expect(await faultsOf(8)).not.toEqual(a);
    const faulted = a.filter((f) => f !== "ok").length;
    expect(faulted).toBeGreaterThan(5);
    expect(faulted).toBeLessThan(25);
  });

  describe("scheduled (firstAttempts): the same faults whatever the order requests arrive in", () => {
    const put = (emu: Emulator, otp: number) =>
      callEmulator(emu, {
        method: "PUT",
        path: "/admin/v1/policies/password/lockout",
        token: emu.credentials.iamOwnerToken,
        body: JSON.stringify({ maxPasswordAttempts: 3, maxOtpAttempts: otp }),
      }).catch(() => ({ status: 0 }));
    /**
     * Sets the schedule afresh (which forgets the attempts seen), then sends each body in `order` until it
     * is answered by the handler (200, or 400 NotChanged on a second pass); returns the faults' statuses
     * each body met, by body.
     */
    const run = async (emu: Emulator, order: number[], share?: number) => {
      emu.setFaults({
        firstAttempts: 2,
        kinds: ["429-json", "503", "drop"],
        ...(share !== undefined ? { share } : {}),
      });
      const met = new Map<number, number[]>();
      for (const otp of order) {
        const statuses: number[] = [];
        for (
          let status = (await put(emu, otp)).status;
          [0, 429, 503].includes(status);
          status = (await put(emu, otp)).status
        ) {
          statuses.push(status);
          expect(statuses.length).toBeLessThanOrEqual(2);
        }
        met.set(otp, statuses);
      }
      return [...met.entries()].sort(([a], [b]) => a - b);
    };
    const bodies = Array.from({ length: 40 }, (_, i) => i + 1);

    it("fails each distinct request exactly its first N attempts, the same kinds in any order", async () => {
      const forward = await withEmu({ seed: 7 }, async (emu) => {
        const first = await run(emu, [1, 2, 3, 4, 5, 6]);
        expect(await run(emu, [6, 5, 4, 3, 2, 1])).toEqual(first);
        return first;
      });
      expect(forward.every(([, statuses]) => statuses.length === 2)).toBe(true);
      // Every kind occurs, and another seed picks other kinds for the same requests.
      expect(new Set(forward.flatMap(([, s]) => s))).toEqual(new Set([429, 503, 0]));
      expect(await withEmu({ seed: 8 }, (emu) => run(emu, [1, 2, 3, 4, 5, 6]))).not.toEqual(forward);
    });

    it("with a share, faults only that part of the requests (chosen by request and seed)", async () => {
      await withEmu({ seed: 7 }, async (emu) => {
        const met = await run(emu, bodies, 0.25);
        const faulted = met.filter(([, s]) => s.length > 0).length;
        expect(faulted).toBeGreaterThan(3);
        expect(faulted).toBeLessThan(20);
        expect(await run(emu, [...bodies].reverse(), 0.25)).toEqual(met);
        expect(() => emu.setFaults({ firstAttempts: 1, share: 2 })).toThrow(RangeError);
        expect(() => emu.setFaults({ firstAttempts: -1 })).toThrow(RangeError);
      });
    });
  });

  const kinds: readonly [FaultKind, number, (r: Awaited<ReturnType<typeof read>>) => void][] = [
    [
      "429-json",
      429,
      (r) => expect(r.json).toMatchObject({ code: 8, message: "Errors.Limits.Instance.Blocked (LIMITS-molsj)" }),
    ],
    [
      "429-text",
      429,
      (r) => {
        expect(r.text).toBe("Your ZITADEL instance is blocked.");
        expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
        expect(r.headers.get("set-cookie")).toMatch(/^zitadel\.quota\.exhausted=/);
      },
    ],
    ["503", 503, (r) => expect(r.json).toEqual({ code: 14, message: "upstream unavailable" })],
    ["drop", 0, () => {}],
  ];
  for (const [kind, status, check] of kinds) {
    it(`${kind}: status ${status || "none (connection dropped)"}, logged, and the request has no effect`, async () => {
      await withEmu({ faults: { rate: 1, kinds: [kind] } }, async (emu) => {
        const res = await callEmulator(emu, {
          method: "PUT",
          path: "/admin/v1/policies/password/lockout",
          token: emu.credentials.iamOwnerToken,
          body: '{"maxPasswordAttempts":9}',
        }).catch((err: unknown) => ({ status: 0, error: err, text: "", json: undefined, headers: new Headers() }));
        expect(res.status).toBe(status);
        check(res);
        expect(emu.control.instancePolicy().maxPasswordAttempts).toBe(0);
        expect(emu.requestLog).toEqual([
          { method: "PUT", path: "/admin/v1/policies/password/lockout", status, write: true, fault: kind },
        ]);
      });
    });
  }

  it("spares /oauth by default, honours a path filter, and can be switched off", async () => {
    await withEmu({ faults: { rate: 1, kinds: ["503"], paths: /^\/management\// } }, async (emu) => {
      expect((await read(emu)).status).toBe(200);
      expect(
        (
          await callEmulator(emu, {
            method: "GET",
            path: "/management/v1/policies/default/lockout",
            token: emu.credentials.iamOwnerToken,
          })
        ).status,
      ).toBe(503);
      emu.setFaults(undefined);
      expect(
        (
          await callEmulator(emu, {
            method: "GET",
            path: "/management/v1/policies/default/lockout",
            token: emu.credentials.iamOwnerToken,
          })
        ).status,
      ).toBe(200);
      emu.setFaults({ rate: 1 });
      const token = await fetch(`${emu.url}/oauth/v2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      expect(token.status).toBe(400); // invalid_client: it reached the token endpoint, no fault injected there
      expect(() => emu.setFaults({ rate: 2 })).toThrow(RangeError);
    });
  });

  it("latency delays every response", async () => {
    await withEmu({ latencyMs: 150 }, async (emu) => {
      const t0 = performance.now();
      await read(emu);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
      emu.setLatency(0);
      const t1 = performance.now();
      await read(emu);
      expect(performance.now() - t1).toBeLessThan(140);
    });
  });
});

describe("instance contents", () => {
  it("the demo instance is deterministic: ids, names, custom policies", async () => {
    const snapshot = (emu: Emulator) => ({
      instance: emu.instanceId,
      orgs: emu.control.listOrgs().map((o) => ({ ...o, policy: emu.control.orgPolicy(o.id) })),
      token: emu.credentials.iamOwnerToken,
    });
    const a = await withEmu({}, async (emu) => snapshot(emu));
    expect(await withEmu({}, async (emu) => snapshot(emu))).toEqual(a);
    expect(a.instance).toBe("300000000000000001");
    expect(a.orgs.map((o) => o.name)).toEqual(["ZITADEL", "ACME", "Globex", "Initech", "Umbrella"]);
    expect(a.orgs.filter((o) => o.policy).map((o) => o.name)).toEqual(["Globex", "Initech"]);
    for (const o of a.orgs) expect(o.id).toMatch(/^\d{18}$/);
    expect(await withEmu({ seed: 99 }, async (emu) => emu.credentials.iamOwnerToken)).not.toBe(a.token);
  });

  it("extraOrgs adds generated orgs that v1 search pages through", async () => {
    await withEmu({ extraOrgs: 250 }, async (emu) => {
      expect(emu.control.listOrgs()).toHaveLength(255);
      expect(emu.control.listOrgs()[5]!.name).toBe("Org 00001");
      const res = await callEmulator(emu, {
        method: "POST",
        path: "/admin/v1/orgs/_search",
        token: emu.credentials.iamOwnerToken,
        body: '{"query":{"offset":"200","limit":100,"asc":true},"sortingColumn":"ORG_FIELD_NAME_NAME"}',
      });
      const body = res.json as { details: { totalResult: string }; result: { name: string }[] };
      expect(body.details.totalResult).toBe("255");
      expect(body.result).toHaveLength(55);
      expect(body.result.at(-1)!.name).toBe("ZITADEL");
    });
  });
});

describe("--state persistence", () => {
  it("writes the state atomically after every mutation, reloads it on restart, and holds no credential", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-state-"));
    const file = join(dir, "state.json");
    try {
      const first = await withEmu({ statePath: file }, async (emu) => {
        expect(existsSync(file)).toBe(true);
        const globex = emu.control.listOrgs().find((o) => o.name === "Globex")!.id;
        const res = await callEmulator(emu, {
          method: "PUT",
          path: "/management/v1/policies/lockout",
          token: emu.credentials.iamOwnerToken,
          orgId: globex,
          body: '{"maxPasswordAttempts":2,"maxOtpAttempts":2}',
        });
        expect(res.status).toBe(200);
        const saved = readFileSync(file, "utf8");
        expect(JSON.parse(saved).orgs.find((o: { id: string }) => o.id === globex).policy).toMatchObject({
          maxPasswordAttempts: 2,
          maxOtpAttempts: 2,
        });
        for (const secret of [
          emu.credentials.iamOwnerToken,
          emu.credentials.iamOwnerClientSecret,
          emu.credentials.iamOwnerKeyFile.key,
        ])
          expect(saved).not.toContain(secret);
        // write-file-atomic renames a temp file into place: nothing else is left behind.
        expect(readdirSync(dir)).toEqual(["state.json"]);
        return { globex, token: emu.credentials.iamOwnerToken, sequence: emu.control.orgPolicy(globex)!.sequence };
      });
      await withEmu({ statePath: file }, async (emu) => {
        expect(emu.control.orgPolicy(first.globex)).toEqual({
          maxPasswordAttempts: 2,
          maxOtpAttempts: 2,
          sequence: first.sequence,
        });
        // Tokens are derived from the seed, so the pasted token still works after a restart.
        expect(
          (await callEmulator(emu, { method: "GET", path: "/admin/v1/policies/lockout", token: first.token })).status,
        ).toBe(200);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not an emulator state", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-state-"));
    try {
      const file = join(dir, "state.json");
      writeFileSync(file, '{"hello":"world"}');
      await expect(startEmulator({ statePath: file })).rejects.toThrow(/not a zitadel-lockout emulator state file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
