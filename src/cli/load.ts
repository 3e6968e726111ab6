// Loading the desired state for a command: YAML files (-f, default lockout.yaml) or a CDKTF app (--cdktf).
import { resolve } from "node:path";
import { ConfigError, UsageError } from "../errors.js";
import type { DesiredState } from "../model.js";
import { loadDesired } from "../desired/index.js";
import type { Io } from "./io.js";
import type { ConfigFlags } from "./options.js";

export async function loadConfig(flags: ConfigFlags, io: Io): Promise<DesiredState> {
  if ((flags.varFile?.length || flags.var?.length) && flags.terraform === undefined)
    throw new UsageError("--var-file and --var go with --terraform");
  if (flags.terraform !== undefined) {
    if (flags.file?.length || flags.cdktf !== undefined)
      throw new UsageError("use one of -f/--file, --cdktf and --terraform");
    // The HCL parser (WASM) and tree-sitter are loaded only when asked for: YAML commands never pay for them.
    const { loadTerraformDesired } = await import("../desired/terraform/index.js");
    const assignments = [
      ...(flags.varFile ?? []).map((v) => ({ seq: v.seq, assignment: { kind: "file" as const, path: v.value } })),
      ...(flags.var ?? []).map((v) => ({ seq: v.seq, assignment: { kind: "var" as const, text: v.value } })),
    ]
      .sort((a, b) => a.seq - b.seq)
      .map((a) => a.assignment);
    const tfVars = Object.fromEntries(Object.entries(io.env).filter(([key]) => key.startsWith("TF_VAR_")));
    return loadTerraformDesired(flags.terraform === true ? "." : flags.terraform, {
      assignments,
      env: tfVars,
      cwd: io.cwd,
    });
  }
  if (flags.cdktf !== undefined) {
    if (flags.file?.length) throw new UsageError("use either -f/--file or --cdktf, not both");
    const dir = resolve(io.cwd, flags.cdktf === true ? "." : flags.cdktf);
    // cdktf support is loaded only when asked for: YAML commands never pay for it.
    const { loadCdktfDesired } = await import("../desired/cdktf/index.js");
    const { cdktfAppRunner } = await import("./cdktf-app.js");
    return loadCdktfDesired(dir, { runApp: cdktfAppRunner({ env: io.env }) });
  }
  return loadDesired(configFiles(flags), io.env, io.cwd).catch(explainDefault(flags));
}

const DEFAULT_CONFIG = "lockout.yaml";

/** The -f files, or the default one. */
export const configFiles = (flags: Pick<ConfigFlags, "file">): readonly string[] =>
  flags.file?.length ? flags.file : [DEFAULT_CONFIG];

/**
 * Without -f, "lockout.yaml: no such file" names a file the user never mentioned: say where it came from.
 * Use as `.catch(explainDefault(flags))`; any other error passes through unchanged.
 */
const explainDefault =
  (flags: Pick<ConfigFlags, "file">) =>
  (err: unknown): never => {
    if (flags.file?.length || !(err instanceof ConfigError)) throw err;
    throw new ConfigError(
      err.issues.map((i) =>
        i.file === DEFAULT_CONFIG && i.message.endsWith(": no such file")
          ? {
              ...i,
              message:
                `${i.message} (no -f was given, so ${DEFAULT_CONFIG} in the working directory was read; ` +
                `name your file with -f FILE)`,
            }
          : i,
      ),
    );
  };
