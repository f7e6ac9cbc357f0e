// Conversation ids are derived, not allocated: one long-lived conversation per (channel, contact), so the
// webhook finds the right Durable Object without asking D1.
const encoder = new TextEncoder();

export async function conversationIdFor(channelId: string, contactKey: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`${channelId}\n${contactKey}`));
  const hex = [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `cv_${hex}`;
}

/** Shape check before a client-supplied id reaches a Durable Object (which would otherwise be created empty). */
export function isConversationId(id: string): boolean {
  return /^cv_[0-9a-f]{24}$/.test(id);
}
