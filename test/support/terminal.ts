// Running the built CLI as a user at a terminal does: under a real pseudo-terminal made by util-linux's
// `script`, so stdout and stderr are both a TTY (what progress bars are drawn on). Tests that need one skip
// where `script` is missing.
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

/** The built CLI (`npm run build`). */
export const BUILT_CLI = join(process.cwd(), "dist", "cli", "bin.js");

/** Whether `script` is there to make a pseudo-terminal. */
export const hasScript = (() => {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** The environment of a developer's shell against `server`: no CI variable, a terminal type, `home` as HOME. */
export function shellEnv(
  home: string,
  server: { readonly url: string; readonly token: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    TERM: "xterm-256color",
    ZITADEL_URL: server.url,
    ZITADEL_TOKEN: server.token,
    ...extra,
  };
}

/** Runs the built CLI with `args` (one shell string) on a pseudo-terminal; returns what the terminal showed. */
export async function onTerminal(args: string, options: { env: Record<string, string>; cwd: string }): Promise<string> {
  const { stdout } = await promisify(execFile)(
    "script",
    ["-qec", `${process.execPath} ${BUILT_CLI} ${args}`, "/dev/null"],
    {
      ...options,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout;
}
