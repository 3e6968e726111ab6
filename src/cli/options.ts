// Options shared by the commands that talk to a server or read the config.
import { InvalidArgumentError, Option, type Command } from "commander";

export interface ConnectionFlags {
  readonly url?: string;
  readonly concurrency: number;
  readonly timeout: number;
  readonly insecureHttp?: boolean;
  readonly keyFile?: string;
  readonly rateLimit?: number;
  readonly retries: number;
}

export interface ConfigFlags {
  readonly file?: string[];
  readonly cdktf?: string | true;
  readonly terraform?: string | true;
  readonly varFile?: OrderedValue[];
  readonly var?: OrderedValue[];
}

/** A repeatable option's value with its place on the command line among all such values. */
export interface OrderedValue {
  readonly value: string;
  readonly seq: number;
}

// InvalidArgumentError: commander reports it like every other bad option ("error: option '--timeout
// <SECONDS>' argument 'abc' is invalid. …", then the --help pointer), exit 1.
const positiveInt =
  (name: string, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}`);
    return n;
  };

const wholeNumber =
  (name: string, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from 0 to ${max}`);
    return n;
  };

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

// Terraform applies -var-file and -var in the order given, later ones winning; commander keeps each
// option's values apart, so every value takes a number from one counter.
let nextSeq = 0;
const collectOrdered = (value: string, previous: OrderedValue[] | undefined): OrderedValue[] => [
  ...(previous ?? []),
  { value, seq: nextSeq++ },
];

export function addConfigOptions(cmd: Command, { cdktf }: { cdktf: boolean }): Command {
  cmd.option(
    "-f, --file <FILE>",
    "config file (repeatable; later files override earlier ones; default lockout.yaml)",
    collect,
  );
  if (cdktf) {
    cmd
      .option(
        "--cdktf [DIR]",
        "read a CDKTF app (DIR with cdktf.json) or its cdktf.out/ instead of YAML (DIR: default the working directory)",
      )
      .option(
        "--terraform [DIR]",
        "read a Terraform module (*.tf, *.tf.json in DIR) instead of YAML (DIR: default the working directory)",
      )
      .option(
        "--var-file <FILE>",
        "with --terraform: a variables file, after terraform.tfvars and *.auto.tfvars (repeatable)",
        collectOrdered,
      )
      .option(
        "--var <NAME=VALUE>",
        "with --terraform: a variable's value, like terraform -var (repeatable)",
        collectOrdered,
      );
  }
  return cmd;
}

/** `readsConfig`: whether `server:` in a config file is a fallback (export reads no config). */
export function addConnectionOptions(cmd: Command, { readsConfig = true }: { readsConfig?: boolean } = {}): Command {
  return cmd
    .option("--url <URL>", `ZITADEL base URL (else ZITADEL_URL${readsConfig ? ", else server: in the config" : ""})`)
    .addOption(
      new Option("--concurrency <N>", "requests in flight at once")
        .default(8)
        .argParser(positiveInt("--concurrency", 256)),
    )
    .addOption(
      new Option("--timeout <SECONDS>", "timeout per request").default(30).argParser(positiveInt("--timeout", 3600)),
    )
    .addOption(
      new Option("--rate-limit <N>", "at most N requests per second (ZITADEL Cloud allows about 50)").argParser(
        positiveInt("--rate-limit", 10000),
      ),
    )
    .addOption(
      new Option(
        "--retries <N>",
        "retries per request after 429, 502-504, a timeout or a lost connection (with backoff, at most a " +
          "minute per request)",
      )
        .default(5)
        .argParser(wholeNumber("--retries", 20)),
    )
    .option(
      "--key-file <FILE>",
      "service-account key JSON (JWT profile); else ZITADEL_KEY_FILE, client credentials or ZITADEL_TOKEN",
    )
    .option("--insecure-http", "allow plain http:// to a host that is not loopback");
}

export type ReadModeFlag = "auto" | "events" | "per-org";

export interface ReadFlags {
  readonly read: ReadModeFlag;
}

/** --read: fold the state from the event log, read each org, or pick (docs/events.md). */
export const addReadOption = (cmd: Command): Command =>
  cmd.addOption(
    new Option(
      "--read <MODE>",
      "events: fold the state from the event log (needs events.read); per-org: one request per org; auto: " +
        "events when allowed and worthwhile",
    )
      .choices(["auto", "events", "per-org"])
      .default("auto"),
  );

export type { Format } from "../render/formats.js";
import type { Format } from "../render/formats.js";

export const formatOption = (formats: readonly Format[]): Option =>
  new Option("--format <FORMAT>", "output format").choices(formats as Format[]).default("text");
