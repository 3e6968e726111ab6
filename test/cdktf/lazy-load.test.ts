// cdktf stays off the CLI's hot path (README.md#architecture): YAML commands load neither cdktf nor the CDKTF
// reader, and `--cdktf` loads only the reader (plain JSON), never cdktf itself. Checked on the built
// CLI with a module-resolution hook that records every module the process loads.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { run } from "../support/io.js";

const bin = join(process.cwd(), "dist", "cli", "bin.js");
const tracer = join(process.cwd(), "test", "cdktf", "fixtures", "trace-modules.mjs");
const scratch = mkdtempSync(join(tmpdir(), "zl-trace-"));
let emulator: Emulator;

beforeAll(async () => {
  if (!existsSync(bin)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
});

let runs = 0;
/**
 * Runs the built CLI and returns the URLs of every module it loaded. The CLI is a bundle (bin.js and chunks,
 * scripts/bundle-cli.mjs): each bundle file it loads stands for the modules esbuild put into it, which the
 * build's metafile lists (paths relative to the checkout).
 */
async function modulesLoadedBy(args: readonly string[], env: Record<string, string> = {}): Promise<string[]> {
  return (await traced(args, env)).urls;
}

async function traced(args: readonly string[], env: Record<string, string> = {}) {
  const traceFile = join(scratch, `trace-${runs++}.txt`);
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", tracer, bin, ...args], {
    env: { PATH: process.env.PATH ?? "", ZL_TRACE_FILE: traceFile, ...env },
  });
  const root = pathToFileURL(process.cwd()).href;
  const meta = JSON.parse(readFileSync(join("dist", "cli", "chunks", "bundle.meta.json"), "utf8")) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  const urls = readFileSync(traceFile, "utf8")
    .trim()
    .split("\n")
    .flatMap((url) => {
      const output = url.startsWith(`${root}/`) ? meta.outputs[url.slice(root.length + 1)] : undefined;
      return output === undefined ? [url] : Object.keys(output.inputs).map((input) => `${root}/${input}`);
    });
  return { urls, stdout };
}

const cdktfItself = (urls: readonly string[]) =>
  urls.filter((u) => /\/node_modules\/(cdktf|constructs)\//.test(u) || u.includes("/dist/cdktf/"));
const cdktfReader = (urls: readonly string[]) => urls.filter((u) => u.includes("/dist/desired/cdktf/"));
// The Terraform front-end: HashiCorp's HCL parser (WASM), tree-sitter, and the reader that uses them.
const hclParsers = (urls: readonly string[]) =>
  urls.filter(
    (u) =>
      /\/node_modules\/(@cdktf\/hcl2json|tree-sitter|@tree-sitter-grammars)\//.test(u) ||
      u.includes("/dist/desired/terraform/"),
  );

describe("--version", () => {
  it.each(["--version", "-V"])(
    "%s prints commander's line from the entry alone: no command, no package",
    async (flag) => {
      const { urls, stdout } = await traced([flag]);
      const viaCommander = await run([flag]);
      expect(viaCommander.code).toBe(0);
      expect(stdout).toBe(viaCommander.stdout);
      expect(urls.some((u) => u.endsWith("/dist/cli/entry.js"))).toBe(true); // the tracer saw the CLI load
      expect(urls.filter((u) => u.endsWith("/dist/cli/main.js") || u.includes("/node_modules/"))).toEqual([]);
      expect([...cdktfItself(urls), ...cdktfReader(urls), ...hclParsers(urls)]).toEqual([]);
    },
  );
});

describe("lazy loading of the CDKTF front-end", () => {
  it.each([[["validate", "-f", "examples/lockout.yaml"]], [["plan", "--help"]]])(
    "zitadel-lockout %j loads neither cdktf nor the CDKTF reader",
    async (args) => {
      const urls = await modulesLoadedBy(args);
      expect(urls.some((u) => u.endsWith("/dist/cli/main.js"))).toBe(true); // the tracer saw the CLI load
      expect(cdktfItself(urls)).toEqual([]);
      expect(cdktfReader(urls)).toEqual([]);
      expect(hclParsers(urls)).toEqual([]);
    },
  );

  it("validate --terraform loads the HCL parsers (and the shared JSON reader), never cdktf", async () => {
    const urls = await modulesLoadedBy(["validate", "--terraform", "examples/terraform"]);
    expect(urls.some((u) => u.includes("/node_modules/@cdktf/hcl2json/"))).toBe(true);
    expect(urls.some((u) => u.includes("/node_modules/tree-sitter/"))).toBe(true);
    expect(cdktfReader(urls).length).toBeGreaterThan(0);
    expect(cdktfItself(urls)).toEqual([]);
  });

  it("validate --cdktf does not load the HCL parsers", async () => {
    const urls = await modulesLoadedBy(["validate", "--cdktf", "test/cdktf/fixtures/cdktn-0.24.0"]);
    expect(cdktfReader(urls).length).toBeGreaterThan(0);
    expect(hclParsers(urls)).toEqual([]);
  });

  it("plan --cdktf on a synthesized cdktf.out loads the reader, still not cdktf", async () => {
    const urls = await modulesLoadedBy(["plan", "--cdktf", "test/cdktf/fixtures/cdktn-0.24.0"], {
      ZITADEL_URL: emulator.url,
      ZITADEL_TOKEN: emulator.credentials.iamOwnerToken,
    });
    expect(cdktfReader(urls).length).toBeGreaterThan(0);
    expect(cdktfItself(urls)).toEqual([]);
  });
});
