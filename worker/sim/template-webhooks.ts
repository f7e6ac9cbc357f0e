// The WABA-level webhooks about templates (meta-api.md §11.2): message_template_status_update and
// message_template_quality_update, built as Meta sends them, plus the simulator's control events that cause them.
import type { TemplateJobPayload } from "./sim-store";
import type { StoredTemplate, TemplateQuality } from "./template-store";

type Json = Record<string, unknown>;

export const TEMPLATE_EVENTS = ["APPROVED", "REJECTED", "PAUSED", "DISABLED", "REINSTATED", "FLAGGED"] as const;
export type TemplateEvent = (typeof TEMPLATE_EVENTS)[number];

/** The status an event leaves the template in (FLAGGED only lowers its quality). */
export function statusAfter(event: TemplateEvent, current: string): string {
  if (event === "REINSTATED") return "APPROVED";
  if (event === "FLAGGED") return current;
  return event;
}

export interface StatusUpdateExtras {
  reason?: string | null;
  rejectionInfo?: { reason: string; recommendation: string };
  nowSec?: number;
}

/** `value` of message_template_status_update: the id as a JSON number, the extras only where Meta sends them. */
export function statusUpdateValue(t: StoredTemplate, event: string, extras: StatusUpdateExtras = {}): Json {
  const reason = extras.reason === undefined ? "NONE" : extras.reason;
  const nowSec = extras.nowSec ?? Math.floor(Date.now() / 1000);
  return {
    event,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
    reason,
    message_template_category: t.category,
    ...(reason === "INVALID_FORMAT" && extras.rejectionInfo ? { rejection_info: extras.rejectionInfo } : {}),
    ...(event === "DISABLED" ? { disable_info: { disable_date: nowSec } } : {}),
    ...(event === "PAUSED" ? { other_info: { title: "FIRST_PAUSE", description: "Your template has been paused for 3 hours because of low quality." } } : {}),
    ...(event === "REINSTATED" ? { other_info: { title: "UNPAUSE", description: "Your template is active again." } } : {}),
  };
}

export function qualityUpdateValue(t: StoredTemplate, previous: TemplateQuality, next: TemplateQuality): Json {
  return {
    previous_quality_score: previous,
    new_quality_score: next,
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
  };
}

/** Template webhooks name the WABA in `entry[].id` and carry `entry[].time`; one change per delivery. */
export function templateEnvelope(wabaId: string, job: Pick<TemplateJobPayload, "field" | "value" | "timestamp">): Json {
  return { object: "whatsapp_business_account", entry: [{ id: wabaId, time: job.timestamp, changes: [{ field: job.field, value: job.value }] }] };
}

/** Graph's view of one template node; `fields` null means the fields Meta lists by default. */
export const TEMPLATE_FIELDS = ["id", "name", "language", "status", "category", "components", "parameter_format", "quality_score", "rejected_reason"] as const;
const DEFAULT_FIELDS = ["name", "parameter_format", "components", "language", "status", "category", "id"];

export function templateNode(t: StoredTemplate, fields: readonly string[] | null): Json {
  const all: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    components: t.components,
    parameter_format: t.parameterFormat,
    quality_score: { score: t.quality },
    rejected_reason: t.status === "REJECTED" ? (t.reason ?? "NONE") : "NONE",
  };
  const wanted = fields ?? DEFAULT_FIELDS;
  const node: Json = {};
  for (const f of wanted) if (f in all) node[f] = all[f];
  node.id = t.id; // Graph always answers the id
  return node;
}

export interface TemplateEventInput {
  event: TemplateEvent;
  reason?: string;
  quality?: Exclude<TemplateQuality, "UNKNOWN">;
}

/**
 * What a control event does to a template: its new status, quality and reason, and the webhooks Meta would send
 * (the status update, then a quality update when the score changed). FLAGGED without a quality means RED.
 */
export function templateEventOutcome(t: StoredTemplate, input: TemplateEventInput, nowSec: number) {
  const status = statusAfter(input.event, t.status);
  const reason = input.reason ?? (input.event === "REJECTED" ? "INVALID_FORMAT" : "NONE");
  const quality: TemplateQuality = input.quality ?? (input.event === "FLAGGED" ? "RED" : t.quality);
  const updated: StoredTemplate = { ...t, status, quality, reason };
  const rejectionInfo = { reason: "The template was rejected from the simulator's control route.", recommendation: "Edit the template and submit it again." };
  const jobs: TemplateJobPayload[] = [
    { kind: "template", field: "message_template_status_update", value: statusUpdateValue(updated, input.event, { reason, rejectionInfo, nowSec }), timestamp: nowSec },
  ];
  if (quality !== t.quality) {
    jobs.push({ kind: "template", field: "message_template_quality_update", value: qualityUpdateValue(updated, t.quality, quality), timestamp: nowSec });
  }
  return { template: updated, jobs };
}
