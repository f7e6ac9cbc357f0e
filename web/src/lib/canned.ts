// Canned replies in the composer: finding the "/shortcut" being typed, ranking replies for it, and filling a
// reply's variables ({{contact.first_name}} …) on the client, so the agent sees exactly what will be sent.

export interface CannedVariables {
  contact: { name: string | null; phone: string | null };
  agent: { name: string };
}

const VARIABLE = /\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/gi;

function value(vars: CannedVariables, scope: string, field: string): string | undefined {
  const name = vars.contact.name?.trim() || null;
  switch (`${scope.toLowerCase()}.${field.toLowerCase()}`) {
    case "contact.name":
      return name ?? "";
    case "contact.first_name":
      return name ? name.split(/\s+/)[0]! : "";
    case "contact.phone":
      return vars.contact.phone ? (vars.contact.phone.startsWith("+") ? vars.contact.phone : `+${vars.contact.phone}`) : "";
    case "agent.name":
      return vars.agent.name;
    case "agent.first_name":
      return vars.agent.name.split(/\s+/)[0]!;
    default:
      return undefined;
  }
}

/**
 * Fills the known variables. A missing contact name leaves no gap ("Hola {{contact.first_name}}, …" → "Hola, …");
 * unknown variables stay as written so the agent notices them before sending.
 */
export function renderCanned(body: string, vars: CannedVariables): string {
  return body.replace(/([ \t]?)\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}/gi, (whole, space: string, scope: string, field: string) => {
      const v = value(vars, scope, field);
      if (v === undefined) return whole;
      return v ? space + v : "";
    });
}

/** Which variables a reply uses (for the picker's hint). */
export function variablesIn(body: string): string[] {
  return [...new Set([...body.matchAll(VARIABLE)].map((m) => `${m[1]}.${m[2]}`))];
}

export interface TokenAt {
  /** Index of the trigger character ("/" or "@"). */
  start: number;
  /** What follows the trigger up to the caret. */
  query: string;
}

/** The "/shortcut" being typed at the caret: "/" at the start of the text or after a space, no spaces inside. */
export function slashTokenAt(text: string, caret: number): TokenAt | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]{0,30})$/u.exec(before);
  return m ? { start: before.length - m[2]!.length - 1, query: m[2]! } : null;
}

/** Shortcut prefix first, then shortcut or title containing the query; accents ignored. */
export function rankCanned<T extends { shortcut: string; title: string }>(replies: readonly T[], query: string): T[] {
  const fold = (s: string) => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  const needle = fold(query);
  const scored = replies
    .map((r) => {
      const shortcut = fold(r.shortcut);
      const title = fold(r.title);
      const score = shortcut.startsWith(needle) ? 0 : shortcut.includes(needle) ? 1 : title.includes(needle) ? 2 : -1;
      return { r, score };
    })
    .filter((x) => x.score >= 0);
  return scored.sort((a, b) => a.score - b.score || a.r.shortcut.localeCompare(b.r.shortcut)).map((x) => x.r);
}
