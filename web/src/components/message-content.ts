// Typed readers for `Message.content` (Meta's raw object for each type): the views never poke at `unknown`.
// Every field is optional because Meta omits what is empty.
type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : undefined);

export const contentBody = (c: unknown) => str(obj(c).body);
export const caption = (c: unknown) => str(obj(c).caption);
export const filename = (c: unknown) => str(obj(c).filename);

export function location(c: unknown) {
  const l = obj(c);
  return { latitude: num(l.latitude), longitude: num(l.longitude), name: str(l.name), address: str(l.address), url: str(l.url) };
}

export interface ContactCard {
  name: string;
  phones: string[];
  emails: string[];
  org?: string;
}
export function contactCards(c: unknown): ContactCard[] {
  const list = Array.isArray(c) ? c : Array.isArray(obj(c).contacts) ? (obj(c).contacts as unknown[]) : [c];
  return list.map((raw) => {
    const x = obj(raw);
    const name = obj(x.name);
    return {
      name: str(name.formatted_name) ?? ([str(name.first_name), str(name.last_name)].filter(Boolean).join(" ") || "—"),
      phones: (Array.isArray(x.phones) ? x.phones : []).map((p) => str(obj(p).phone) ?? str(obj(p).wa_id) ?? "").filter(Boolean),
      emails: (Array.isArray(x.emails) ? x.emails : []).map((e) => str(obj(e).email) ?? "").filter(Boolean),
      org: str(obj(x.org).company),
    };
  });
}

export function interactiveReply(c: unknown): { type: string; title?: string; description?: string; body?: string } {
  const x = obj(c);
  const type = str(x.type) ?? "";
  const reply = obj(x[type]);
  return { type, title: str(reply.title), description: str(reply.description), body: str(reply.body) };
}

export const buttonText = (c: unknown) => str(obj(c).text) ?? str(obj(c).payload);

export function reaction(c: unknown): { targetWamid?: string; emoji?: string } {
  const x = obj(c);
  return { targetWamid: str(x.message_id), emoji: str(x.emoji) };
}

export interface OrderItem {
  id: string;
  quantity: number;
  price?: number;
  currency?: string;
}
export function order(c: unknown): { text?: string; items: OrderItem[]; total?: number; currency?: string } {
  const x = obj(c);
  const items = (Array.isArray(x.product_items) ? x.product_items : []).map((raw) => {
    const i = obj(raw);
    return { id: str(i.product_retailer_id) ?? "—", quantity: num(i.quantity) ?? 1, price: num(i.item_price), currency: str(i.currency) };
  });
  const priced = items.every((i) => i.price !== undefined);
  const currency = items[0]?.currency;
  return { text: str(x.text), items, total: priced && items.length ? items.reduce((s, i) => s + i.price! * i.quantity, 0) : undefined, currency };
}

export const unsupportedType = (c: unknown) => str(obj(c).type);
export const templateName = (c: unknown) => str(obj(c).name);

/** The fields activity lines carry (durable/ownership.ts, conversation-status.ts); all optional. */
export function activity(c: unknown) {
  const x = obj(c);
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((n): n is string => typeof n === "string") : []);
  return {
    action: str(x.action) ?? "",
    agentName: str(x.agentName),
    fromAgentName: str(x.fromAgentName),
    toAgentName: str(x.toAgentName),
    toTeamName: str(x.toTeamName),
    teamName: str(x.teamName),
    ruleName: str(x.ruleName),
    how: str(x.how),
    reason: str(x.reason),
    until: num(x.until),
    from: str(x.from),
    to: str(x.to),
    priority: str(x.priority),
    added: names(x.added),
    removed: names(x.removed),
  };
}

export function money(amount: number, currency: string | undefined, locale: string): string {
  try {
    return currency ? new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount) : String(amount);
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}
