// The workload of issue #7: N orgs on the server, half of them declared, half of the declared ones with a
// change. The changes mix every kind of write: creates (inheriting → custom), updates and resets (the
// emulator gives every tenth org a custom 5/5 policy). Undeclared orgs are never read (prune is off).
import type { SeedOrg } from "./host-protocol.js";

export interface Scenario {
  readonly yaml: string;
  readonly declared: number;
  readonly expected: {
    readonly create: number;
    readonly update: number;
    readonly reset: number;
    readonly noop: number;
  };
}

export function buildScenario(orgs: readonly SeedOrg[]): Scenario {
  const declared = orgs.slice(0, Math.floor(orgs.length / 2));
  const expected = { create: 0, update: 0, reset: 0, noop: 0 };
  // Block style, one key per line: how people write these files (and the slower style for the parser).
  const lines = ["version: 1", "orgs:"];
  declared.forEach((org, i) => {
    // i % 4 < 2 rather than i % 2: the custom orgs sit at every tenth index, which i % 2 would never change.
    const change = i % 4 < 2;
    if (org.custom === null) {
      if (change) {
        expected.create++;
        lines.push(`  - id: "${org.id}"`, "    maxPasswordAttempts: 3", "    maxOtpAttempts: 3");
      } else {
        expected.noop++;
        lines.push(`  - id: "${org.id}"`, "    inherit: true");
      }
    } else if (!change) {
      expected.noop++;
      lines.push(
        `  - id: "${org.id}"`,
        `    maxPasswordAttempts: ${org.custom.maxPasswordAttempts}`,
        `    maxOtpAttempts: ${org.custom.maxOtpAttempts}`,
      );
    } else if (Math.floor(i / 20) % 2 === 0) {
      expected.update++;
      lines.push(
        `  - id: "${org.id}"`,
        `    maxPasswordAttempts: ${org.custom.maxPasswordAttempts + 2}`,
        `    maxOtpAttempts: ${org.custom.maxOtpAttempts + 2}`,
      );
    } else {
      expected.reset++;
      lines.push(`  - id: "${org.id}"`, "    inherit: true");
    }
  });
  return { yaml: `${lines.join("\n")}\n`, declared: declared.length, expected };
}

/** A small, valid config for the start-up measurement (validate never contacts a server). */
export const SMALL_CONFIG = [
  "version: 1",
  "instance:",
  "  maxPasswordAttempts: 5",
  "  maxOtpAttempts: 5",
  "orgs:",
  '  - id: "300000000000000099"',
  "    maxPasswordAttempts: 3",
  "    maxOtpAttempts: 3",
  "  - name: Globex",
  "    inherit: true",
  "",
].join("\n");
