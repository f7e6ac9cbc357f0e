// What the campaigns page derives from a campaign: which actions its status allows, how far it got, the template's
// preview for a sample contact, the API's refusals in the person's words, and the schedule's instant.
import type { Campaign, CampaignCounts, CampaignStatus, RecipientState } from "../../../../shared/api/campaigns";
import { fillParams, placeholdersIn } from "../../../../shared/campaign-values";
export { actionsFor, RECIPIENT_STATES } from "../../../../shared/campaign-status";
import { zonedInstant } from "../../../../shared/zoned-time";
import { ApiError } from "../../data/api";
import { t } from "../../i18n";
import { type CampaignsKey, tc } from "../../i18n/campaigns";



/** Still moving by itself: the page polls these. */
export const isLive = (status: CampaignStatus): boolean => status === "running" || status === "scheduled";

/** Recipients past the queue, whatever the outcome (the progress bar's filled part). */
export const doneOf = (c: CampaignCounts): number => c.sent + c.delivered + c.read + c.failed + c.skipped;

/** The stacked bar's parts, in the order a message moves. */
export const SEGMENTS = ["read", "delivered", "sent", "failed", "skipped"] as const satisfies ReadonlyArray<keyof CampaignCounts>;

export const percent = (part: number, total: number): number => (total > 0 ? Math.min(100, (part / total) * 100) : 0);

/** The template's body with each {{n}} filled as it would be for one sample contact (attributes shown by name). */
export function previewOf(body: string, params: string[], sample: { name: string | null }): string {
  const attributes = Object.fromEntries(placeholdersIn(params).map((field) => [field, `[${field}]`]));
  const filled = fillParams(params, { name: sample.name, phone: "34600112233", attributes });
  const values = "values" in filled ? filled.values : params;
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1] || whole);
}

/** The number of {{n}} values the template's body takes. */
export const bodyParamsOf = (template: { parameters: Array<{ component: string; count: number }> }): number =>
  template.parameters.find((p) => p.component === "body")?.count ?? 0;

/** A datetime-local value ("2026-03-29T09:30") on the workspace's clock → the instant, or null. */
export function scheduleInstant(local: string, timeZone: string): number | null {
  const [date, time] = local.split("T");
  return date && time ? zonedInstant(date, time.slice(0, 5), timeZone) : null;
}

/** What went wrong, in the person's words, with the server's own reason after it (it names the field). */
export function campaignErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return tc("error.other");
  if (err.status === 0) return t("error.network");
  if (err.status === 403) return tc("error.forbidden");
  const key = `error.${err.code}` as CampaignsKey;
  const lead = key in KNOWN ? tc(key) : tc("error.other");
  return `${lead} ${err.message}`;
}
const KNOWN: Partial<Record<CampaignsKey, true>> = {
  "error.invalid_request": true,
  "error.template_params": true,
  "error.template_not_approved": true,
  "error.unknown_tag": true,
  "error.scheduled_in_past": true,
  "error.not_found": true,
  "error.invalid_state": true,
};

/** A recipient's reason as a person reads it ("missing_value:pedido" → "Sin valor para «pedido»"). */
export function reasonText(reason: string | null, errorCode: number | null): string {
  if (!reason) return errorCode ? String(errorCode) : "";
  if (reason === "opted_out") return tc("reason.opted_out");
  if (reason === "no_consent") return tc("reason.no_consent");
  if (reason.startsWith("missing_value:")) return tc("reason.missing_value", { field: reason.slice("missing_value:".length) });
  return errorCode ? `${errorCode}: ${reason}` : reason;
}

export const statusLabel = (status: CampaignStatus): string => tc(`status.${status}`);

export type { Campaign };
