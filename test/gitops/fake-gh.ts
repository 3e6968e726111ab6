// A stand-in for the GitHub CLI on PATH: it keeps pull-request comments and records every call, so a test
// can check exactly what the action asked GitHub to do. It understands only the three calls the action
// makes (list comments filtered by a marker, PATCH one, POST one), plus GETs whose answer a test gave with
// answer() (the apply workflow's look-ups), and fails on anything else.
// The `gh` on PATH is a bash script that hands its arguments to this process over a local socket (bash's
// /dev/tcp, no other program) and prints the answer: a Node script per call, loading jq's WebAssembly each
// time, cost a third of a second of CPU per call. So the scripts under test must be spawned asynchronously.
// The listing's --jq filter runs through jq itself (gh embeds gojq), compiled to WebAssembly by jq-web, once.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Socket } from "node:net";
import { join, resolve } from "node:path";

export interface FakeComment {
  readonly id: number;
  readonly issue: string;
  readonly body: string;
}

export interface GhCall {
  readonly args: readonly string[];
  /** The body read from `-F body=@FILE`, when the call had one. */
  readonly body?: string;
  /** Whether GH_TOKEN was set (never its value). */
  readonly authenticated: boolean;
}

export interface FakeGh {
  /** Put this folder first on PATH. */
  readonly binDir: string;
  readonly env: Record<string, string>;
  comments(): FakeComment[];
  calls(): GhCall[];
  seed(comments: readonly FakeComment[]): void;
  /** What `gh api PATH` (a GET, query included) answers, before its --jq filter. */
  answer(path: string, body: unknown): void;
  close(): Promise<void>;
}

// The request: NUL-terminated fields — "1" or "" (GH_TOKEN set), FAKE_GH_REFUSE, the working directory, the
// number of arguments, the arguments. The answer: the exit code, stdout and stderr, each NUL-terminated.
const SCRIPT = String.raw`#!/usr/bin/env bash
set -eo pipefail
exec 3<>"/dev/tcp/127.0.0.1/$FAKE_GH_PORT"
printf '%s\0' "${"${GH_TOKEN:+1}"}" "${"${FAKE_GH_REFUSE:-}"}" "$PWD" "$#" "$@" >&3
# A bound on the wait: a test that started this script synchronously cannot answer, and must fail, not hang.
IFS= read -r -t 30 -d '' code <&3 || { echo "fake gh: no answer from the test process" >&2; exit 97; }
IFS= read -r -d '' out <&3 || true
IFS= read -r -d '' err <&3 || true
printf '%s' "$out"
printf '%s' "$err" >&2
exit "$code"
`;

interface Engine {
  raw(json: string, filter: string, flags: string[]): string | undefined;
}
let jqEngine: Promise<Engine> | undefined;
/** jq itself, compiled to WebAssembly (the jq-web package), so the tests need no jq on the machine. */
const jq = (): Promise<Engine> =>
  (jqEngine ??= Promise.resolve(createRequire(import.meta.url)("jq-web") as PromiseLike<Engine>));

interface Request {
  readonly authenticated: boolean;
  readonly refuse: readonly string[];
  readonly cwd: string;
  readonly args: string[];
}
interface Answer {
  readonly code: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export async function fakeGh(dir: string): Promise<FakeGh> {
  const binDir = join(dir, "fake-bin");
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, "gh"), SCRIPT);
  chmodSync(join(binDir, "gh"), 0o755);
  let comments: FakeComment[] = [];
  const calls: GhCall[] = [];
  const answers = new Map<string, unknown>();

  async function handle(req: Request): Promise<Answer> {
    const { args } = req;
    const bodyArg = args.find((a, i) => args[i - 1] === "-F" && a.startsWith("body=@"));
    const body = bodyArg ? readFileSync(resolve(req.cwd, bodyArg.slice("body=@".length)), "utf8") : undefined;
    calls.push({ args, ...(body === undefined ? {} : { body }), authenticated: req.authenticated });
    const fail = (m: string): Answer => ({ code: 1, stderr: `fake gh: ${m}\n` });
    // FAKE_GH_REFUSE=GET,POST,PATCH: answer those methods with GitHub's 403 for a read-only token (a fork's).
    const refused = (method: string) => req.refuse.includes(method);
    if (args[0] !== "api") return fail("only gh api is supported");
    const method = args.includes("--method") ? args[args.indexOf("--method") + 1] : "GET";
    const path =
      args.find((a, i) => i > 0 && !a.startsWith("-") && !["-F", "--method", "--jq"].includes(args[i - 1]!)) ?? "";
    const filter = args.includes("--jq") ? args[args.indexOf("--jq") + 1] : undefined;
    const issue = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path)?.[1];
    const one = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path)?.[1];
    if (method === "GET" && issue !== undefined && args.includes("--paginate")) {
      if (refused(method)) return fail("HTTP 403: Resource not accessible by integration");
      // The filter runs through a real jq (gh embeds gojq), on the comments as GitHub lists them: a syntax
      // error or a filter that picks the wrong comments shows up here as it would on GitHub.
      if (!filter) return fail("expected --jq");
      const page = comments
        .filter((c) => c.issue === issue)
        .map((c) => ({ id: c.id, body: c.body, user: { login: "github-actions[bot]" } }));
      return runJq(page, filter);
    }
    if (method === "GET" && answers.has(path)) {
      if (refused(method)) return fail("HTTP 403: Resource not accessible by integration");
      const answer = answers.get(path);
      return filter === undefined ? { code: 0, stdout: JSON.stringify(answer) } : runJq(answer, filter);
    }
    if (refused(method!))
      return fail("HTTP 403: Resource not accessible by integration (https://docs.github.com/rest/issues/comments)");
    if (method === "PATCH" && one !== undefined && body !== undefined) {
      const index = comments.findIndex((x) => String(x.id) === one);
      if (index < 0) return fail(`no comment ${one}`);
      comments[index] = { ...comments[index]!, body };
      return { code: 0, stdout: JSON.stringify({ id: comments[index].id }) };
    }
    if (method === "POST" && issue !== undefined && body !== undefined) {
      const id = 1000 + comments.length;
      comments.push({ id, issue, body });
      return { code: 0, stdout: JSON.stringify({ id }) };
    }
    return fail(`unsupported call: ${args.join(" ")}`);
  }

  async function runJq(value: unknown, filter: string): Promise<Answer> {
    let out: string | undefined;
    try {
      out = (await jq()).raw(JSON.stringify(value), filter, ["-r"]);
    } catch (e) {
      return { code: 1, stderr: `fake gh: jq failed on --jq ${filter}: ${(e as Error).message}\n` };
    }
    // jq-web answers undefined when the filter selects nothing; the jq CLI prints one line per result.
    return { code: 0, stdout: out === undefined || out === "" ? "" : out.replace(/\n?$/, "\n") };
  }

  const server = createServer((socket: Socket) => {
    // A stub killed mid-call (a job's timeout) resets its connection: nothing to answer, and no test's error.
    socket.on("error", () => socket.destroy());
    let buffer = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const fields = buffer.toString("utf8").split("\0");
      if (fields.length < 5) return;
      const [token, refuse, cwd, count, ...rest] = fields;
      const args = rest.slice(0, Number(count));
      if (args.length < Number(count) || rest.length === Number(count)) return; // not all terminated yet
      socket.pause();
      void handle({ authenticated: token === "1", refuse: refuse!.split(","), cwd: cwd!, args }).then(
        (a) => socket.end(`${a.code}\0${a.stdout ?? ""}\0${a.stderr ?? ""}\0`),
        (e: unknown) => socket.end(`1\0\0fake gh: ${String(e)}\n\0`),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    binDir,
    env: { FAKE_GH_PORT: String(port) },
    comments: () => comments.map((c) => ({ ...c })),
    calls: () => calls.map((c) => ({ ...c })),
    seed: (given) => void (comments = given.map((c) => ({ ...c }))),
    answer: (path, body) => void answers.set(path, body),
    // Idempotent: closing a closed fake gh is a no-op.
    close: () => new Promise<void>((ok, ko) => (server.listening ? server.close((e) => (e ? ko(e) : ok())) : ok())),
  };
}
