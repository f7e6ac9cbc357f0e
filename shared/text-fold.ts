// Comparing what customers type without caring how: accents and case folded ("Más" = "mas"), and for whole-message
// answers ("¡Baja!", "Muy bien.") punctuation and extra spaces dropped too. Routing rules, the satisfaction survey
// and opt-out keywords all read text this way.

export function normalizeText(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

/** "¡Muy  bien!!" → "muy bien": a short answer as words only, to compare with a list of accepted answers. */
export function answerWords(text: string): string {
  return normalizeText(text)
    .replace(/[¡!¿?.,;:()"'*_~]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
