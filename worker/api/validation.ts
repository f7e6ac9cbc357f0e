// zod failures become a 400 with the reasons, never a 500.
import type { Context } from "hono";
import { errorResponse } from "../http-errors";

type Outcome = { success: true } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };

export function validationHook(result: Outcome, _c: Context): Response | undefined {
  if (result.success) return undefined;
  const details = result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  return errorResponse(400, "invalid_request", details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; "), details);
}
