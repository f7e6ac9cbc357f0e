// Opting out of marketing over WhatsApp (issue 12): a customer who writes one of the workspace's opt-out keywords —
// by default "BAJA", "STOP" or "no quiero recibir más" — is marked opted out and told so once; "ALTA" or "START"
// opts back in. Only the whole message counts ("¿cómo me doy de baja?" is a question, not a keyword).

import { answerWords } from "./text-fold";

export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = ["BAJA", "STOP", "no quiero recibir más"];
export const OPT_IN_KEYWORDS: readonly string[] = ["ALTA", "START"];

export const OPT_OUT_CONFIRMATION = "Listo, no te enviaremos más mensajes promocionales. Si cambias de opinión, escribe ALTA.";
export const OPT_IN_CONFIRMATION = "¡Hecho! Vuelves a recibir nuestras novedades. Para dejar de recibirlas, escribe BAJA.";

/** What a customer's text asks for: "out", "in", or null (not a keyword). */
export function optOutRequest(text: string | null, optOutKeywords: readonly string[] = DEFAULT_OPT_OUT_KEYWORDS): "out" | "in" | null {
  if (!text) return null;
  const said = answerWords(text);
  if (!said) return null;
  if (optOutKeywords.some((k) => answerWords(k) === said)) return "out";
  if (OPT_IN_KEYWORDS.some((k) => answerWords(k) === said)) return "in";
  return null;
}
