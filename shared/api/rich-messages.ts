// What agents send besides text, templates and files (issue 12): reply buttons, lists, a link button, a location
// request, a location and a reaction — with WhatsApp's limits checked before anything is stored (the Cloud API's
// own limits, the same the Graph simulator enforces). `toGraph` gives the `interactive` / `location` / `reaction`
// object of the send; `shownText` what the inbox's history and previews show.
import { z } from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);
const header = z.object({ type: z.literal("text"), text: text(60) }).strict();
const footer = z.object({ text: text(60) }).strict();

const buttons = z
  .object({
    type: z.literal("button"),
    body: text(1024),
    header: header.optional(),
    footer: footer.optional(),
    buttons: z.array(z.object({ id: z.string().min(1).max(256), title: text(20) }).strict()).min(1).max(3),
  })
  .strict()
  .refine((m) => new Set(m.buttons.map((b) => b.title)).size === m.buttons.length, { message: "button titles must be different" })
  .refine((m) => new Set(m.buttons.map((b) => b.id)).size === m.buttons.length, { message: "button ids must be different" });

const list = z
  .object({
    type: z.literal("list"),
    body: text(4096),
    header: header.optional(),
    footer: footer.optional(),
    button: text(20),
    sections: z
      .array(
        z
          .object({
            title: text(24).optional(),
            rows: z.array(z.object({ id: z.string().min(1).max(200), title: text(24), description: text(72).optional() }).strict()).min(1),
          })
          .strict(),
      )
      .min(1)
      .max(10),
  })
  .strict()
  .refine((m) => m.sections.reduce((n, s) => n + s.rows.length, 0) <= 10, { message: "a list has at most 10 rows in all" })
  .refine((m) => m.sections.length === 1 || m.sections.every((s) => s.title), { message: "with several sections, each needs a title" });

const ctaUrl = z
  .object({
    type: z.literal("cta_url"),
    body: text(1024),
    header: header.optional(),
    footer: footer.optional(),
    displayText: text(20),
    url: z.string().url().max(2000).refine((u) => u.startsWith("https://"), { message: "links must be https" }),
  })
  .strict();

const locationRequest = z.object({ type: z.literal("location_request"), body: text(1024) }).strict();

const location = z
  .object({
    type: z.literal("location"),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: text(1000).optional(),
    address: text(1000).optional(),
  })
  .strict();

/** A reaction to one of the customer's messages (its id in our history); an empty emoji removes it. */
const reaction = z.object({ type: z.literal("reaction"), messageId: z.string().min(1).max(200), emoji: z.string().max(16) }).strict();

// Discriminated by `type`, so a refusal names the field and the limit (a plain union only says "Invalid input").
export const richMessage = z.discriminatedUnion("type", [buttons, list, ctaUrl, locationRequest, location, reaction]);
export type RichMessage = z.output<typeof richMessage>;
export type RichMessageInput = z.input<typeof richMessage>;

/** The WhatsApp message kind it is sent as. */
export const kindOf = (m: RichMessage): "interactive" | "location" | "reaction" => (m.type === "location" || m.type === "reaction" ? m.type : "interactive");

/** The object of the Graph send (`interactive`, `location` or `reaction`); a reaction needs the wamid it answers. */
export function toGraph(m: RichMessage, reactedWamid?: string): Record<string, unknown> {
  const frame = (x: { header?: { type: "text"; text: string }; footer?: { text: string } }) => ({ ...(x.header ? { header: x.header } : {}), ...(x.footer ? { footer: x.footer } : {}) });
  switch (m.type) {
    case "button":
      return { type: "button", body: { text: m.body }, ...frame(m), action: { buttons: m.buttons.map((b) => ({ type: "reply", reply: { id: b.id, title: b.title } })) } };
    case "list":
      return { type: "list", body: { text: m.body }, ...frame(m), action: { button: m.button, sections: m.sections } };
    case "cta_url":
      return { type: "cta_url", body: { text: m.body }, ...frame(m), action: { name: "cta_url", parameters: { display_text: m.displayText, url: m.url } } };
    case "location_request":
      return { type: "location_request_message", body: { text: m.body }, action: { name: "send_location" } };
    case "location":
      return { latitude: m.latitude, longitude: m.longitude, ...(m.name ? { name: m.name } : {}), ...(m.address ? { address: m.address } : {}) };
    case "reaction":
      return { message_id: reactedWamid, emoji: m.emoji };
  }
}

/** What the history and the list preview show. */
export function shownText(m: RichMessage): string {
  switch (m.type) {
    case "button":
      return `${m.body}\n${m.buttons.map((b) => `[${b.title}]`).join(" ")}`;
    case "list":
      return `${m.body}\n[${m.button}]`;
    case "cta_url":
      return `${m.body}\n[${m.displayText}] ${m.url}`;
    case "location_request":
      return m.body;
    case "location":
      return [m.name, m.address].filter(Boolean).join(", ") || `${m.latitude}, ${m.longitude}`;
    case "reaction":
      return m.emoji;
  }
}
