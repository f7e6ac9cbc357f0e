// Shapes every resource of the JSON API shares: the error body, `{ok: true}`, lists, tag changes and how a query
// schema becomes the client's parameters. Routes (worker/api) validate with the schemas; the inbox imports types only.
import { z } from "zod";

/** `{error, message, details?}` from worker/http-errors.ts. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

/** What a change answers when there is nothing more to say. */
export interface Ok {
  ok: true;
}

export interface Items<T> {
  items: T[];
}

/** Add and remove tags in one call (a conversation's or a contact's). */
export const tagChangeBody = z
  .object({ add: z.array(z.string().max(100)).max(20).default([]), remove: z.array(z.string().max(100)).max(20).default([]) })
  .refine((b) => b.add.length + b.remove.length > 0, { message: "Add or remove at least one tag" });
export type TagChange = z.input<typeof tagChangeBody>;

/**
 * The parameters a client may put in a query string for a query schema: every field optional (the schema's
 * defaults apply), null meaning "leave it out" (web/src/data/api.ts drops null and empty values).
 */
export type QueryOf<S extends z.ZodType> = { [K in keyof z.output<S>]?: z.output<S>[K] | null };
