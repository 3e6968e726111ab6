// Colour: only on a terminal, never with NO_COLOR — which, per no-color.org, means "set to a non-empty value".
import { describe, expect, it } from "vitest";
import { run } from "../support/io.js";

const ESC = "\u001b[";
// A config with an error: validate prints it in red on a terminal, offline.
const BAD = ["validate", "-f", "test/fixtures/does-not-exist.yaml"];

describe("colour", () => {
  it.each([
    ["a terminal", { stdoutIsTTY: true, env: {} }, true],
    ["a terminal with NO_COLOR=1", { stdoutIsTTY: true, env: { NO_COLOR: "1" } }, false],
    [
      "a terminal with NO_COLOR set but empty (no-color.org: as if unset)",
      { stdoutIsTTY: true, env: { NO_COLOR: "" } },
      true,
    ],
    ["a pipe", { stdoutIsTTY: false, env: {} }, false],
  ])("%s → colour %s", async (_name, io, coloured) => {
    const r = await run(BAD, io);
    expect(r.code).toBe(1);
    expect(r.stdout.includes(ESC)).toBe(coloured);
  });
});
