// The architecture, enforced (npm run check:boundaries; test/lint-rules.test.ts proves each rule fires).
// Data flows one way:
//   model.ts, errors.ts, rules.ts, clock.ts ← desired/ ← zitadel/ ← actual/ ← plan/ ← apply/ ← render/ ← cli/
// Each folder may use only what stands to its left; emulator/ and cdktf/ stay off that path. Every kind of
// dependency counts: static imports, type-only imports, import() and require() — including require through
// createRequire (the lint's require-form rule, scripts/lint-plugin.mjs, makes sure that is always written
// `const require = createRequire(…)`, the form dependency-cruiser reads).

const layers = ["desired", "zitadel", "actual", "plan", "apply", "render", "cli"];
const base = "^src/(model|errors|rules|clock)\\.ts$";
const folder = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join("|")})/`;

/** Node modules that reach outside the process: the file system, the network, child processes, the OS. */
const io =
  "^(node:)?(fs|fs/promises|http|https|http2|net|tls|dgram|dns|child_process|os|process|readline|worker_threads)$";

/** A layer may not use the layers after it, nor the separate emulator/ and cdktf/. */
const laterLayers = layers.map((name, i) => ({
  name: `${name}-only-uses-earlier-layers`,
  severity: "error",
  comment: `${name}/ stands left of ${layers.slice(i + 1).join(", ") || "nothing"} in the data flow`,
  from: { path: folder(name) },
  to: { path: anyOf([...layers.slice(i + 1), ...(name === "cli" ? [] : ["emulator", "cdktf"])]) },
}));

export default {
  forbidden: [
    {
      name: "base-uses-no-layer",
      severity: "error",
      comment: "model.ts, errors.ts, rules.ts and clock.ts are what every layer shares; they use none of them",
      from: { path: base },
      to: { path: anyOf([...layers, "emulator", "cdktf"]) },
    },
    {
      name: "base-does-no-io",
      severity: "error",
      comment: "model.ts, errors.ts, rules.ts and clock.ts touch no file, network or process",
      from: { path: base },
      to: { dependencyTypes: ["core"], path: io },
    },
    ...laterLayers,
    {
      name: "desired-makes-no-requests",
      severity: "error",
      comment:
        "desired/ reads config files; talking to a server is zitadel/'s job. bounded-read.ts wraps a local pipe's " +
        "file descriptor in a net.Socket only to read it on the event loop (so Ctrl-C still ends the process)",
      from: { path: folder("desired"), pathNot: "^src/desired/bounded-read[.]ts$" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(http|https|http2|net|tls)$" },
    },
    {
      name: "only-cli-starts-processes",
      severity: "error",
      comment:
        "starting a process (a CDKTF app, a worker) is cli/'s: desired/cdktf/load.ts is handed a runner " +
        "(src/cli/cdktf-app.ts) instead. The emulator is a program of its own",
      from: { path: "^src/", pathNot: "^src/(cli|emulator)/" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(child_process|worker_threads|cluster)$" },
    },
    {
      name: "plan-and-render-are-pure",
      severity: "error",
      comment: "plan/ and render/ compute from their arguments: no file, network, process or OS access",
      from: { path: anyOf(["plan", "render"]) },
      to: { dependencyTypes: ["core"], path: io },
    },
    {
      name: "plan-and-render-use-no-client",
      severity: "error",
      comment: "plan/ computes from states it is given; render/ may read actual/'s and apply/'s result types",
      from: { path: folder("plan") },
      to: { path: anyOf(["zitadel", "actual"]) },
    },
    {
      name: "render-uses-no-client",
      severity: "error",
      comment: "render/ never talks to a server",
      from: { path: folder("render") },
      to: { path: folder("zitadel") },
    },
    {
      name: "emulator-stands-alone",
      severity: "error",
      comment: "the emulator shares only the base files (and the client's wire types) with the tool",
      from: { path: folder("emulator") },
      to: { path: anyOf(["desired", "actual", "plan", "apply", "render", "cli", "cdktf"]) },
    },
    {
      name: "cdktf-uses-desired-only",
      severity: "error",
      comment: "the constructs and their testing helper read stacks the way the CLI does (desired/), nothing more",
      from: { path: folder("cdktf") },
      to: { path: anyOf(["zitadel", "actual", "plan", "apply", "render", "cli", "emulator"]) },
    },
    {
      name: "cli-loads-emulator-and-cdktf-lazily",
      severity: "error",
      comment: "the sync commands must not pay for the emulator's protobuf tables or cdktf: load them with import()",
      from: { path: folder("cli") },
      to: { path: anyOf(["emulator", "cdktf"]), dependencyTypesNot: ["dynamic-import"] },
    },
    {
      name: "cli-loads-terraform-front-end-lazily",
      severity: "error",
      comment: "only --terraform runs pay for the HCL parser: load desired/terraform/ with import()",
      from: { path: folder("cli") },
      to: { path: "^src/desired/terraform/", dependencyTypesNot: ["dynamic-import", "type-only"] },
    },
    {
      name: "nothing-uses-cli",
      severity: "error",
      comment: "cli/ is the outermost layer (tests and bench drive it; src/ does not)",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: folder("cli") },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "a cycle of modules loaded at start-up makes the load order, and so the layering, meaningless",
      from: { path: "^src/" },
      // Type-only imports vanish at run time and import() runs later: neither makes a load-order cycle.
      to: {
        circular: true,
        dependencyTypesNot: ["type-only", "dynamic-import"],
        viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] },
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/cdktf/gen/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
