// Reads a conversation's whole history through the public API (GET /api/conversations/:id/messages), newest page
// first, following the `before=<sentAt>:<seq>` cursor. Used to count what was really stored.
import { json } from "./http.mjs";

export async function fullHistory(http, conversationId, headers) {
  const all = [];
  let before = null;
  for (;;) {
    const path = `/api/conversations/${conversationId}/messages?limit=200${before ? `&before=${before}` : ""}`;
    const res = await http.request("GET", path, { headers });
    if (res.status !== 200) throw new Error(`history ${conversationId}: ${res.status} ${res.body.slice(0, 200)}`);
    const page = json(res);
    all.unshift(...page.messages);
    if (!page.hasMore || page.messages.length === 0) return all;
    before = `${page.messages[0].sentAt}:${page.messages[0].seq}`;
  }
}
