// Types for the two undici files src/zitadel/transport.ts imports directly (see the comment there): the
// CommonJS modules export the index's Pool class and the request() it puts on every dispatcher.
declare module "undici/lib/dispatcher/pool.js" {
  import type { Pool } from "undici";
  const PoolClass: typeof Pool;
  export default PoolClass;
}
declare module "undici/lib/api/api-request.js" {
  import type { Pool } from "undici";
  const request: Pool["request"];
  export default request;
}
