// The export command's work: the live lockout policies of the instance and every org → config v1 YAML.
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import writeFileAtomic from "write-file-atomic";
import { UsageError, type ExitCode } from "../errors.js";
import type { DesiredState } from "../model.js";
import { readState } from "../actual/index.js";
import { compareOrgIds } from "../plan/index.js";
import { renderExportYaml, type ExportedOrg, type ExportScope } from "../render/export-yaml.js";
import { renderExportHcl, renderExportTerraformJson } from "../render/export-terraform.js";
import { plural } from "../render/view.js";
import { connect, resolveServer } from "./connect.js";
import { describeFileError } from "./file-error.js";
import type { Io } from "./io.js";
import { reportReadMode } from "./make-plan.js";
import type { ConnectionFlags, ReadFlags } from "./options.js";
import { startProgress } from "./progress.js";
import { TOOL_VERSION } from "./version.js";

export const EXPORT_FORMATS = ["yaml", "terraform", "terraform-json"] as const;

export interface ExportFlags extends ConnectionFlags, Partial<ReadFlags> {
  readonly orgs: ExportScope;
  readonly format: (typeof EXPORT_FORMATS)[number];
  readonly output?: string;
  readonly force?: boolean;
}

// readLive reads every org and its policy exactly when prune is on: a config that manages nothing and
// prunes everything asks it for the whole instance, with the same concurrency and progress as plan.
const EVERYTHING: DesiredState = { orgs: [], prune: { enabled: true, protect: [] }, lintIgnore: [], sources: [] };

export async function runExport(flags: ExportFlags, io: Io): Promise<ExitCode> {
  // -o over a hand-written config would silently lose its comments, names and prune rules: refuse, before
  // any request, unless asked.
  if (flags.output !== undefined && !flags.force && existsSync(resolve(io.cwd, flags.output))) {
    throw new UsageError(
      `${flags.output} exists: export -o replaces a file only with --force (or write elsewhere and compare)`,
    );
  }
  const client = await connect(flags, io, resolveServer(flags, io, undefined, { readsConfig: false }));
  let text: string;
  let orgs: ExportedOrg[];
  try {
    const progress = startProgress(io, "Reading organizations");
    const read = await readState(client, EVERYTHING, {
      mode: flags.read ?? "auto",
      onProgress: progress.update,
    }).finally(progress.stop);
    reportReadMode(read, io);
    const { actual } = read;
    orgs = (actual.allOrgs ?? [])
      .map(({ orgId, orgName }): ExportedOrg => {
        const policy = actual.orgs.get(orgId)?.policy;
        if (!policy) throw new Error(`internal: org ${orgId} was listed but not read`);
        return { orgId, orgName, settings: policy.inherited ? null : policy.settings };
      })
      .sort((a, b) => compareOrgIds(a.orgId, b.orgId));
    const input = {
      server: actual.server,
      instance: actual.instance.settings,
      orgs,
      scope: flags.orgs,
      toolVersion: TOOL_VERSION,
      now: io.clock.date(),
    };
    text =
      flags.format === "terraform"
        ? renderExportHcl(input)
        : flags.format === "terraform-json"
          ? renderExportTerraformJson(input)
          : renderExportYaml(input);
  } finally {
    await client.close();
  }
  const custom = orgs.filter((o) => o.settings !== null).length;
  const listed = flags.orgs === "all" ? orgs.length : custom;
  if (flags.output === undefined) {
    io.stdout(text);
  } else {
    try {
      await writeFileAtomic(resolve(io.cwd, flags.output), text, { mode: 0o644 });
    } catch (err) {
      throw new UsageError(`cannot write ${flags.output}: ${describeFileError(err)}`);
    }
  }
  io.stderr(
    `Exported the instance default and ${plural(listed, "org")} (${custom} with a custom policy, ` +
      `${orgs.length} in all)${flags.output !== undefined ? ` to ${flags.output}` : ""}.\n`,
  );
  return 0;
}
