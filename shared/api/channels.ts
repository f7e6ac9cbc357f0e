// /api/admin/channels (the workspace's WhatsApp numbers) and /api/setup (first run): request schemas the routes
// validate with and what they answer. Used by worker/api/channel-routes.ts, worker/api/setup-routes.ts and (types
// only) by the inbox's settings and setup pages.
import { z } from "zod";

const graphId = (what: string) => z.string().trim().regex(/^\d{5,25}$/, `${what}: the digits Meta shows in WhatsApp Manager`);
// Meta's tokens are long opaque strings without spaces; the limit only keeps junk out.
const accessToken = z.string().trim().min(8, "at least 8 characters").max(2000).regex(/^\S+$/, "no spaces");

export const channelCreateBody = z.object({
  name: z.string().trim().min(1).max(80),
  phoneNumberId: graphId("phoneNumberId"),
  wabaId: graphId("wabaId"),
  displayNumber: z.string().trim().min(4).max(30).regex(/^\+?[\d\s().-]+$/, "a phone number, e.g. +34 911 000 001"),
  accessToken,
});
export type ChannelCreateBody = z.input<typeof channelCreateBody>;

/** PUT /api/admin/channels/:id/token: a new token, checked with Meta before it replaces the old one. Renaming is
 * `PATCH /api/admin/channels/:id` with `name` (with the number's bot and routing settings). */
export const channelTokenBody = z.object({ accessToken });
export type ChannelTokenBody = z.input<typeof channelTokenBody>;

/** A number as admins and supervisors see it: never its token, only `••••` and its last 4 characters. */
export interface ChannelEntry {
  id: string;
  name: string;
  phoneNumberId: string;
  wabaId: string;
  displayNumber: string;
  enabled: boolean;
  /** What Meta said at the last check (null: never checked, e.g. a number written by hand before this screen). */
  verifiedName: string | null;
  /** GREEN, YELLOW, RED or UNKNOWN. */
  qualityRating: string | null;
  /** Meta's messaging limit tier, e.g. TIER_1K (null: Meta did not say). */
  messagingTier: string | null;
  checkedAt: number | null;
  /** "••••abcd" for a token kept sealed in D1; for one read from a Worker secret, the secret's name. */
  token: string;
  tokenSource: "sealed" | "secret";
}

/** GET /api/setup: whether this deployment still needs its first workspace. */
export interface SetupStatus {
  needed: boolean;
}

export const SETUP_LOCALES = ["es", "en"] as const;

export const setupBody = z.object({
  /** The SETUP_TOKEN Worker secret: a stranger who finds a fresh deploy cannot claim it. */
  setupToken: z.string().min(1).max(500),
  workspaceName: z.string().trim().min(1).max(80),
  timeZone: z.string().trim().min(1).max(64),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "an ISO 3166 country code, e.g. ES or MX"),
  locale: z.enum(SETUP_LOCALES),
  name: z.string().trim().min(1).max(80),
  email: z.string().trim().toLowerCase().email().max(254),
  // The same rule as accepting an invitation and changing one's password (shared/api/auth.ts).
  password: z.string().min(8, "at least 8 characters").max(200),
});
export type SetupBody = z.input<typeof setupBody>;
