// Asks the Graph API about a WhatsApp number with a given token before the number (or a new token) is kept:
// Meta's verified name, quality rating, throughput and messaging-limit tier. A bad token or a number the token
// cannot see comes back as Meta's own message for the admin.
import type { GraphClient } from "../../durable/graph-client";

export const NUMBER_FIELDS = "verified_name,display_phone_number,quality_rating,throughput,whatsapp_business_manager_messaging_limit";

interface NumberNode {
  verified_name?: string;
  display_phone_number?: string;
  quality_rating?: string;
  throughput?: { level?: string };
  whatsapp_business_manager_messaging_limit?: string;
}

export interface NumberFacts {
  verifiedName: string | null;
  displayNumber: string | null;
  qualityRating: string | null;
  messagingTier: string | null;
  /** The per-second send rate the level allows (null: Meta did not say; the column keeps its value). */
  throughputMps: number | null;
  /** Unique customers a day outside the window for the tier (undefined: unknown tier; null: unlimited). */
  messagingLimit: number | null | undefined;
}

// Meta's documented levels: STANDARD is 80 messages/s, HIGH (after an automatic upgrade) 1,000.
const THROUGHPUT: Record<string, number> = { STANDARD: 80, HIGH: 1000 };
const TIERS: Record<string, number | null> = { TIER_50: 50, TIER_250: 250, TIER_1K: 1000, TIER_2K: 2000, TIER_10K: 10_000, TIER_100K: 100_000, TIER_UNLIMITED: null };

const text = (v: unknown, max = 200): string | null => (typeof v === "string" && v.trim() ? v.trim().slice(0, max) : null);

export async function checkNumber(graph: GraphClient, phoneNumberId: string): Promise<{ ok: true; facts: NumberFacts } | { ok: false; reason: string }> {
  const result = await graph.request<NumberNode>(`${phoneNumberId}?fields=${NUMBER_FIELDS}`, { method: "GET" });
  if (!result.ok) return { ok: false, reason: result.failure.reason };
  const node = result.value;
  const tier = text(node.whatsapp_business_manager_messaging_limit, 40);
  const level = text(node.throughput?.level, 40);
  return {
    ok: true,
    facts: {
      verifiedName: text(node.verified_name),
      displayNumber: text(node.display_phone_number, 30),
      qualityRating: text(node.quality_rating, 20),
      messagingTier: tier,
      throughputMps: level && level in THROUGHPUT ? THROUGHPUT[level]! : null,
      messagingLimit: tier && tier in TIERS ? TIERS[tier] : undefined,
    },
  };
}
