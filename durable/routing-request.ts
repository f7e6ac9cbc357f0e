// The conversation's request to its workspace's routing engine (rules, queue, assignment), as a notice the
// workspace object hears with the conversation's next notification.
import type { Draft } from "./conversation-draft";
import type { RouteReason } from "./workspace-api";

export function requestRouting(d: Draft, reason: RouteReason, text: string | null = null, referral: { sourceId?: string } | null = null): void {
  d.notice({ kind: "route", reason, text, phone: d.current.contact.phone, referral, at: d.now });
}
