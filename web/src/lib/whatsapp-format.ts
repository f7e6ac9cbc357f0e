// WhatsApp's text formatting (*bold*, _italic_, ~strike~, ```mono```, `code`) and bare links, parsed into a small
// tree that the view renders as elements. User text only ever becomes text nodes: never HTML.
export type FormatNode =
  | string
  | { tag: "b" | "i" | "s" | "code" | "pre"; children: FormatNode[] }
  | { tag: "a"; href: string; text: string };

const MARKERS: Record<string, "b" | "i" | "s" | "code"> = { "*": "b", _: "i", "~": "s", "`": "code" };
// A marker opens after a start, whitespace or punctuation and closes before an end, whitespace or punctuation,
// with no space just inside it (WhatsApp's own rule, so "2*3*4" or "snake_case_name" stay plain).
const INLINE = /(^|[\s([{"'¿¡.,;:!?-])([*_~`])(?!\s)([^\n]*?[^\s\n])\2(?=$|[\s)\]}"'.,;:!?-])/;
// Only https links become links: a customer's text must never give an agent a javascript:, data: or plain-http link
// (http ones stay readable as text).
const URL_RE = /\bhttps:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/i;

/** The URL if it is a well-formed https: link, else null. For any link built from message content. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "https:" && parsed.hostname ? parsed.href : null;
  } catch {
    return null;
  }
}

function links(text: string): FormatNode[] {
  const out: FormatNode[] = [];
  let rest = text;
  for (let m = URL_RE.exec(rest); m; m = URL_RE.exec(rest)) {
    const href = safeHref(m[0]);
    if (m.index > 0) out.push(rest.slice(0, m.index));
    out.push(href ? { tag: "a", href, text: m[0] } : m[0]);
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) out.push(rest);
  return out;
}

function inline(text: string, depth = 0): FormatNode[] {
  if (depth > 4) return links(text);
  const out: FormatNode[] = [];
  let rest = text;
  for (let m = INLINE.exec(rest); m; m = INLINE.exec(rest)) {
    const start = m.index + m[1]!.length;
    if (start > 0) out.push(...links(rest.slice(0, start)));
    const tag = MARKERS[m[2]!]!;
    out.push({ tag, children: tag === "code" ? [m[3]!] : inline(m[3]!, depth + 1) });
    rest = rest.slice(m.index + m[0].length);
  }
  if (rest) out.push(...links(rest));
  return out;
}

export function parseWhatsAppText(text: string): FormatNode[] {
  const out: FormatNode[] = [];
  const parts = text.split(/```([\s\S]+?)```/);
  parts.forEach((part, i) => {
    if (i % 2 === 1) out.push({ tag: "pre", children: [part] });
    else if (part) out.push(...inline(part));
  });
  return out;
}
