// A campaign's template values per contact: "{{contact.name|cliente}}" → the contact's name, or "cliente" when it
// has none. A value that stays empty skips that recipient (WhatsApp refuses empty parameters) with the reason.

export interface ContactValues {
  name: string | null;
  phone: string;
  attributes: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*contact\.([a-zA-Z0-9_\-]+)\s*(?:\|([^}]*))?\}\}/g;

/** Params with braces that are not a contact field ("{{nombre}}", "{{contact.}}"): refused when the campaign is created. */
export function malformedParams(params: string[]): string[] {
  return params.filter((p) => p.replace(PLACEHOLDER, "").includes("{{"));
}

/** The placeholders a campaign's params use, for checking them before anything is sent. */
export function placeholdersIn(params: string[]): string[] {
  return params.flatMap((p) => [...p.matchAll(PLACEHOLDER)].map((m) => m[1]!));
}

function valueOf(field: string, contact: ContactValues): string {
  if (field === "name") return contact.name?.trim() ?? "";
  if (field === "phone") return `+${contact.phone}`;
  return contact.attributes[field]?.trim() ?? "";
}

/** Fills every param for one contact; `missing` names the first field with neither a value nor a fallback. */
export function fillParams(params: string[], contact: ContactValues): { values: string[] } | { missing: string } {
  const values: string[] = [];
  for (const param of params) {
    let missing: string | null = null;
    const filled = param.replace(PLACEHOLDER, (_whole, field: string, fallback: string | undefined) => {
      const value = valueOf(field, contact) || fallback?.trim() || "";
      if (!value) missing ??= field;
      return value;
    });
    if (missing) return { missing };
    if (!filled.trim()) return { missing: "value" };
    values.push(filled);
  }
  return { values };
}
