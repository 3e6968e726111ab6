// --state FILE: the instance as JSON, rewritten atomically (temp file + rename, via write-file-atomic)
// after every mutation, so a crash leaves either the old or the new file, never half of one. The file
// holds no credential: tokens and secrets are derived from the seed, keys are made fresh on each start.
import { existsSync, readFileSync } from "node:fs";
import writeFileAtomic from "write-file-atomic";
import { eventsFromState } from "./state-events.js";
import type { StateData } from "./state.js";

/** A --state file that cannot be used: the CLI reports it as bad input, without a stack trace. */
export class EmulatorStateError extends Error {
  override readonly name = "EmulatorStateError";
}

export function loadState(path: string): StateData | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new EmulatorStateError(
      `cannot read the emulator state ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the file (say, /etc/passwd); the path is enough.
    throw new EmulatorStateError(
      `emulator state ${path} is not valid JSON; --state names a file the emulator itself wrote (or a new path)`,
    );
  }
  const data = parsed as Partial<StateData> | null;
  if (
    !data ||
    data.formatVersion !== 1 ||
    typeof data.instance?.id !== "string" ||
    !Array.isArray(data.orgs) ||
    !Array.isArray(data.users) ||
    !Array.isArray(data.memberships) ||
    typeof data.sequences !== "object" ||
    typeof data.nextId !== "string"
  ) {
    throw new EmulatorStateError(
      `emulator state ${path} is not a zitadel-lockout emulator state file (formatVersion 1)`,
    );
  }
  const state = data as StateData;
  // A state file from before the event log: its state becomes the events that would have made it.
  if (!Array.isArray(state.events)) state.events = eventsFromState(state);
  return state;
}

export function saveState(path: string, data: StateData): void {
  writeFileAtomic.sync(path, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
}
