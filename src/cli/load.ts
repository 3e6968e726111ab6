// Loading the desired state for a command: YAML files (-f, default lockout.yaml) or a CDKTF app (--cdktf).
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import type { DesiredState } from "../model.js";
import { loadDesired } from "../desired/index.js";
import type { Io } from "./io.js";
import type { ConfigFlags } from "./options.js";

export async function loadConfig(flags: ConfigFlags, io: Io): Promise<DesiredState> {
  if (flags.cdktf !== undefined) {
    if (flags.file?.length) throw new UsageError("use either -f/--file or --cdktf, not both");
    const dir = resolve(io.cwd, flags.cdktf === true ? "." : flags.cdktf);
    // cdktf support is loaded only when asked for: YAML commands never pay for it.
    const { loadCdktfDesired } = await import("../desired/cdktf/index.js");
    return loadCdktfDesired(dir, io.env);
  }
  const files = flags.file?.length ? flags.file : ["lockout.yaml"];
  return loadDesired(files, io.env, io.cwd);
}
