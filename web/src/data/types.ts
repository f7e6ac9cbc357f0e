// The JSON API's shapes, shared with the Worker in shared/api-types.ts (types only; nothing reaches the bundle).
export type * from "../../../shared/api-types";
