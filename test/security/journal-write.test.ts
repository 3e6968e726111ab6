// Issue #11: whether the journal can be written is found out before the first write (it was found after
// 304 writes), with the real cause named (EROFS, not ENOENT); and a journal the tool writes is one it can
// read back — server values that would make it unreadable are refused, never written.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JournalError, writeJournal } from "../../src/apply/journal.js";
import { checkJournalWritable } from "../../src/cli/journal-file.js";
import { config, harness, type Harness } from "../reconcile/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
  h.ws.write("lockout.yaml", config({ instance: "maxPasswordAttempts: 7\nmaxOtpAttempts: 7" }));
});
afterAll(async () => h.close());

const failing = (code: string) => async () => {
  throw Object.assign(new Error(`${code}: injected`), { code });
};

describe("checkJournalWritable", () => {
  it.each([
    ["EROFS", "the file system is read-only (EROFS)"],
    ["EACCES", "permission denied (EACCES)"],
  ])("names %s and the folder it is about", async (code, words) => {
    const path = join(h.ws.dir, "state", "journal.json"); // state/ does not exist: its parent is checked
    await expect(checkJournalWritable(path, "state/journal.json", failing(code))).rejects.toThrow(
      `the journal state/journal.json cannot be written: ${h.ws.dir}: ${words}; nothing was written`,
    );
  });

  it("a missing folder is not an error (it is created), a writable one passes", async () => {
    await expect(
      checkJournalWritable(join(h.ws.dir, "a", "b", "journal.json"), "a/b/journal.json"),
    ).resolves.toBeUndefined();
  });
});

describe("apply with a journal that cannot be written", () => {
  it("stops before the first write, naming the cause", async () => {
    h.ws.write("not-a-dir", "a file where a folder is expected\n");
    h.emu.clearLog();
    const r = await h.cli(["apply", "--auto-approve", "--journal", "not-a-dir/journal.json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not-a-dir/journal.json: a part of the path is not a directory (ENOTDIR)");
    expect(h.writes()).toEqual([]);
  });
});

describe("writeJournal", () => {
  it("refuses a journal it could not read back, and writes nothing", async () => {
    const path = join(h.ws.dir, "bad-journal.json");
    const journal = {
      kind: "zitadel-lockout-journal" as const,
      formatVersion: 1 as const,
      toolVersion: "0.1.0",
      server: h.emu.url,
      instanceId: "not an id / [redacted]",
      writtenAt: new Date(0).toISOString(),
      entries: [],
    };
    await expect(writeJournal(path, journal)).rejects.toThrow(JournalError);
    await expect(writeJournal(path, journal)).rejects.toThrow(/the journal was not written: it would not be readable/);
    expect(existsSync(path)).toBe(false);
  });
});
