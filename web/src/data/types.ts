// The JSON API's types for the inbox's components, re-exported from shared/ (types only; nothing reaches the bundle).
export type * from "../../../shared/api-types";
