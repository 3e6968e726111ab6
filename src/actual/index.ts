export { readLive, type LiveRead, type LiveReader } from "./read.js";
export { observeTarget, type PolicyReader } from "./observe.js";
