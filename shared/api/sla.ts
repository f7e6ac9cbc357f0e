// /api/admin/sla-policies: service-level targets per priority or tag (shared/sla.ts has the rules). Routes in
// worker/api/sla-routes.ts validate with these schemas; the inbox's settings import types only.
import { z } from "zod";
import { PRIORITIES } from "./conversations";

/** Targets of at least a minute (development accepts seconds, so tests need not wait minutes). */
function policySchema(minSeconds: number) {
  const seconds = z.number().int().min(minSeconds, minSeconds === 60 ? "a target is at least one minute" : `a target is at least ${minSeconds} s`).max(90 * 86_400).nullable();
  return z
  .object({
    name: z.string().trim().min(1).max(80),
    position: z.number().int().min(0).max(10_000).optional(),
    enabled: z.boolean().default(true),
    priority: z.enum(PRIORITIES).nullable().default(null),
    tagId: z.string().min(1).max(100).nullable().default(null),
    firstResponseSeconds: seconds.default(null),
    nextResponseSeconds: seconds.default(null),
    resolutionSeconds: seconds.default(null),
    businessHours: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.firstResponseSeconds !== null || p.nextResponseSeconds !== null || p.resolutionSeconds !== null, { message: "Set at least one target" });
}

export const slaPolicyBody = policySchema(60);
export const devSlaPolicyBody = policySchema(1);
export type SlaPolicyBody = z.input<typeof slaPolicyBody>;
export type SlaPolicyRecord = z.output<typeof slaPolicyBody> & { id: string; position: number };
