// A stand-in for the GitHub CLI on PATH: it keeps pull-request comments in a JSON file and records every
// call, so a test can check exactly what the action asked GitHub to do. It understands only the three calls
// the action makes (list comments filtered by a marker, PATCH one, POST one), plus GETs whose answer a test
// gave with answer() (the apply workflow's look-ups), and fails on anything else.
// The listing's --jq filter runs through jq itself (gh embeds gojq), compiled to WebAssembly by jq-web.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

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
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
const state = process.env.FAKE_GH_STATE;
const db = JSON.parse(fs.readFileSync(state, "utf8"));
const call = { args, authenticated: Boolean(process.env.GH_TOKEN) };
const bodyArg = args.find((a, i) => args[i - 1] === "-F" && a.startsWith("body=@"));
if (bodyArg) call.body = fs.readFileSync(bodyArg.slice("body=@".length), "utf8");
db.calls.push(call);
const save = () => fs.writeFileSync(state, JSON.stringify(db));
// FAKE_GH_REFUSE=GET,POST,PATCH: answer those methods with GitHub's 403 for a read-only token (a fork's).
function refused(method) { return (process.env.FAKE_GH_REFUSE || "").split(",").includes(method); }
const fail = (m) => { save(); process.stderr.write("fake gh: " + m + "\n"); process.exit(1); };
if (args[0] !== "api") fail("only gh api is supported");
const method = args.includes("--method") ? args[args.indexOf("--method") + 1] : "GET";
const path = args.find((a, i) => i > 0 && !a.startsWith("-") && !["-F", "--method", "--jq"].includes(args[i - 1]));
const issueComments = /^repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/;
const oneComment = /^repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/;
let m;
if (method === "GET" && (m = issueComments.exec(path)) && args.includes("--paginate")) {
  if (refused(method)) fail("HTTP 403: Resource not accessible by integration");
  // The filter runs through a real jq (gh embeds gojq), on the comments as GitHub lists them: a syntax
  // error or a filter that picks the wrong comments shows up here as it would on GitHub.
  const jq = args[args.indexOf("--jq") + 1];
  if (!args.includes("--jq") || !jq) fail("expected --jq");
  const page = db.comments
    .filter((c) => c.issue === m[1])
    .map((c) => ({ id: c.id, body: c.body, user: { login: "github-actions[bot]" } }));
  filter(page, jq);
} else if (method === "GET" && db.answers && path in db.answers) {
  if (refused(method)) fail("HTTP 403: Resource not accessible by integration");
  if (args.includes("--jq")) filter(db.answers[path], args[args.indexOf("--jq") + 1]);
  else process.stdout.write(JSON.stringify(db.answers[path]));
} else if (refused(method)) {
  fail("HTTP 403: Resource not accessible by integration (https://docs.github.com/rest/issues/comments)");
} else if (method === "PATCH" && (m = oneComment.exec(path)) && call.body !== undefined) {
  const c = db.comments.find((x) => String(x.id) === m[1]);
  if (!c) fail("no comment " + m[1]);
  c.body = call.body;
  process.stdout.write(JSON.stringify({ id: c.id }));
} else if (method === "POST" && (m = issueComments.exec(path)) && call.body !== undefined) {
  const id = 1000 + db.comments.length;
  db.comments.push({ id, issue: m[1], body: call.body });
  process.stdout.write(JSON.stringify({ id }));
} else {
  fail("unsupported call: " + args.join(" "));
}
save();
function filter(value, jq) {
  // jq itself, compiled to WebAssembly (the jq-web package), so the tests need no jq on the machine.
  require(process.env.FAKE_GH_JQ).then((engine) => {
    let out;
    try {
      out = engine.raw(JSON.stringify(value), jq, ["-r"]);
    } catch (e) {
      fail("jq failed on --jq " + jq + ": " + e.message);
    }
    // jq-web answers undefined when the filter selects nothing; the jq CLI prints one line per result.
    process.stdout.write(out === undefined || out === "" ? "" : out.replace(/\n?$/, "\n"));
  });
}
`;

export function fakeGh(dir: string): FakeGh {
  const binDir = join(dir, "fake-bin");
  mkdirSync(binDir, { recursive: true });
  const state = join(dir, "fake-gh.json");
  writeFileSync(join(binDir, "gh"), SCRIPT);
  chmodSync(join(binDir, "gh"), 0o755);
  interface Db {
    comments: FakeComment[];
    calls: GhCall[];
    answers?: Record<string, unknown>;
  }
  const read = () => JSON.parse(readFileSync(state, "utf8")) as Db;
  const write = (db: Db) => writeFileSync(state, JSON.stringify(db));
  if (!existsSync(state)) write({ comments: [], calls: [] });
  return {
    binDir,
    env: { FAKE_GH_STATE: state, FAKE_GH_JQ: createRequire(import.meta.url).resolve("jq-web") },
    comments: () => read().comments,
    calls: () => read().calls,
    seed: (comments) => write({ ...read(), comments: [...comments] }),
    answer: (path, body) => {
      const db = read();
      write({ ...db, answers: { ...db.answers, [path]: body } });
    },
  };
}
