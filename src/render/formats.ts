// The output formats of the reports (--format). Its own module: cli/ reads it for its options without
// loading a renderer.
export const FORMATS = ["text", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];
