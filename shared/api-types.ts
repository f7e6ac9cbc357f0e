// The JSON API's request and response types, gathered for clients: the inbox imports them with `import type`, so
// no zod reaches its bundle. Each is declared beside the zod schema the route validates with (shared/api/*.ts).
export type * from "./api/common";
export type * from "./api/auth";
export type * from "./api/conversations";
export type * from "./api/directory";
export type * from "./api/contacts";
export type * from "./api/admin";
export type * from "./api/sla";
export type * from "./api/reports";
export type * from "./api/templates";
export type * from "./api/data-rights";
export type { Priority } from "./model";
