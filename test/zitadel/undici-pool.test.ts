// transport.ts loads undici's Pool from its file, not from the package index (start-up time). That is only
// safe while the file holds the class the index exports, and while the installed undici is the pinned one.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);

describe("undici's Pool and request(), loaded from their files", () => {
  it("is the Pool of undici's index, and request() the method the index gives every pool", () => {
    const index = require("undici") as { Pool: { prototype: { request: unknown } } };
    expect(require("undici/lib/dispatcher/pool.js")).toBe(index.Pool);
    expect(require("undici/lib/api/api-request.js")).toBe(index.Pool.prototype.request);
  });

  it("comes from the exact undici version package.json pins (a range could install a release that moved it)", () => {
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> };
    const installed = (require("undici/package.json") as { version: string }).version;
    expect(manifest.dependencies.undici).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(manifest.dependencies.undici);
  });

  it("is all of undici the built transport loads: the index (fetch, cookies, WebSocket…) stays unloaded", () => {
    const transport = join(process.cwd(), "dist", "zitadel", "transport.js");
    if (!existsSync(transport)) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    // A fresh process: this worker has loaded undici's index already (the test above).
    const script =
      `await import(${JSON.stringify(pathToFileURL(transport).href)});` +
      `const { createRequire } = await import("node:module");` +
      `console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    const undici = (JSON.parse(out) as string[]).filter((f) => f.includes("/node_modules/undici/"));
    expect(undici.some((f) => f.endsWith("/undici/lib/dispatcher/pool.js"))).toBe(true);
    expect(undici.filter((f) => f.endsWith("/undici/index.js") || f.includes("/undici/lib/web/"))).toEqual([]);
  });
});
