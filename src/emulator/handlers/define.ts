// The shape every implemented method has: typed request in (decoded by protojson from the method's input
// schema), typed response out (encoded by protojson with the method's output schema). Handlers never
// write JSON by hand.
import type { DescMessage, Message, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import { timestampFromMs, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { Auth, Caller } from "../auth.js";
import type { Store } from "../state.js";
import { encodeMessage } from "../wire.js";

export interface CallContext {
  readonly caller: Caller;
  readonly store: Store;
  readonly auth: Auth;
  readonly now: () => Date;
}

export interface Handler {
  readonly input: DescMessage;
  readonly output: DescMessage;
  /** A policy or user mutation (marked `write` in the request log). */
  readonly write: boolean;
  readonly invoke: (request: Message, call: CallContext) => string;
}

export function defineHandler<I extends DescMessage, O extends DescMessage>(
  input: I,
  output: O,
  options: { readonly write: boolean },
  fn: (request: MessageShape<I>, call: CallContext) => MessageInitShape<O>,
): Handler {
  return {
    input,
    output,
    write: options.write,
    invoke: (request, call) => {
      if (request.$typeName !== input.typeName)
        throw new Error(`handler for ${input.typeName} got ${request.$typeName}`);
      return encodeMessage(output, fn(request as MessageShape<I>, call));
    },
  };
}

export const timestamp = (iso: string): Timestamp => timestampFromMs(Date.parse(iso));

/** uint64 fields take bigint. */
export const u64 = (n: number): bigint => BigInt(n);
