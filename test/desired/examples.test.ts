// Every example config validates; the demo config is lint-clean and says what demo expects.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintDesired, loadDesired } from "../../src/desired/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = readdirSync(`${root}examples`).filter((f) => f.endsWith(".yaml"));

describe("examples/", () => {
  it("has the demo config and a few more", () => {
    expect(examples).toContain("lockout.yaml");
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(examples)("examples/%s loads without errors or lint findings, with an empty environment", async (file) => {
    const state = await loadDesired([`examples/${file}`], {}, root);
    expect(state.sources).toEqual([`examples/${file}`]);
    expect(lintDesired(state)).toEqual([]);
  });

  it("the demo config sets the instance to 5/5, one stricter named org and one inheriting named org", async () => {
    const state = await loadDesired(["examples/lockout.yaml"], {}, root);
    expect(state.instance?.settings).toEqual({ maxPasswordAttempts: 5, maxOtpAttempts: 5 });
    expect(state.orgs.every((o) => o.ref.kind === "name")).toBe(true);
    const custom = state.orgs.filter((o) => o.mode === "custom");
    expect(custom).toHaveLength(1);
    const settings = custom[0]!.mode === "custom" ? custom[0]!.settings : {};
    expect(settings.maxPasswordAttempts).toBeLessThan(5);
    expect(settings.maxOtpAttempts).toBeLessThan(5);
    expect(state.orgs.filter((o) => o.mode === "inherit")).toHaveLength(1);
    expect(state.prune.enabled).toBe(false);
  });

  it("base.yaml + prod.yaml merge as their comments say", async () => {
    const state = await loadDesired(["examples/base.yaml", "examples/prod.yaml"], {}, root);
    expect(state.server).toBe("https://acme.zitadel.cloud");
    expect(state.instance?.settings).toEqual({ maxPasswordAttempts: 6, maxOtpAttempts: 5 });
    const acme = state.orgs.find((o) => o.ref.kind === "name" && o.ref.name === "ACME");
    expect(acme).toMatchObject({
      mode: "custom",
      settings: { maxPasswordAttempts: 4, maxOtpAttempts: 4 },
      origin: { file: "examples/prod.yaml" },
    });
    expect(state.prune.protect.map((p) => p.value)).toEqual(["Legacy Org", "300000000000000001"]);
    expect(state.prune.enabled).toBe(true);
  });

  it("env-substitution.yaml takes its values from the environment", async () => {
    const env = {
      MAX_PASSWORD_ATTEMPTS: "7",
      MAX_OTP_ATTEMPTS: "4",
      PRUNE: "false",
      ZITADEL_URL: "https://other.example.com",
    };
    const state = await loadDesired(["examples/env-substitution.yaml"], env, root);
    expect(state.instance?.settings).toEqual({ maxPasswordAttempts: 7, maxOtpAttempts: 4 });
    expect(state.server).toBe("https://other.example.com");
  });
});
