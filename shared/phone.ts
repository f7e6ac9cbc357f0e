// Phone numbers as people type them → WhatsApp's E.164 digits without "+" (what wa_id holds). The workspace's
// country (its calling code, from its time zone) fills in numbers typed without one. Dependency-free so the inbox's
// "Nueva conversación" dialog and the contacts import (worker/contacts/) share one rule.

/** Country calling codes offered first, Spain and Latin America; the workspace's own comes from its time zone. */
export const CALLING_CODES: ReadonlyArray<{ code: string; country: string }> = [
  { code: "34", country: "España" },
  { code: "52", country: "México" },
  { code: "54", country: "Argentina" },
  { code: "57", country: "Colombia" },
  { code: "56", country: "Chile" },
  { code: "51", country: "Perú" },
  { code: "593", country: "Ecuador" },
  { code: "58", country: "Venezuela" },
  { code: "598", country: "Uruguay" },
  { code: "595", country: "Paraguay" },
  { code: "591", country: "Bolivia" },
  { code: "506", country: "Costa Rica" },
  { code: "507", country: "Panamá" },
  { code: "502", country: "Guatemala" },
  { code: "503", country: "El Salvador" },
  { code: "504", country: "Honduras" },
  { code: "505", country: "Nicaragua" },
  { code: "1", country: "EE. UU. / Canadá / Puerto Rico / R. Dominicana" },
  { code: "53", country: "Cuba" },
  { code: "351", country: "Portugal" },
  { code: "44", country: "Reino Unido" },
  { code: "33", country: "Francia" },
  { code: "49", country: "Alemania" },
  { code: "39", country: "Italia" },
];

const ZONE_CODES: Record<string, string> = {
  "Europe/Madrid": "34", "Atlantic/Canary": "34", "Africa/Ceuta": "34",
  "America/Mexico_City": "52", "America/Monterrey": "52", "America/Cancun": "52", "America/Tijuana": "52", "America/Merida": "52", "America/Chihuahua": "52", "America/Hermosillo": "52", "America/Mazatlan": "52",
  "America/Argentina/Buenos_Aires": "54", "America/Buenos_Aires": "54", "America/Argentina/Cordoba": "54",
  "America/Bogota": "57", "America/Santiago": "56", "America/Lima": "51", "America/Guayaquil": "593", "America/Caracas": "58",
  "America/Montevideo": "598", "America/Asuncion": "595", "America/La_Paz": "591", "America/Costa_Rica": "506", "America/Panama": "507",
  "America/Guatemala": "502", "America/El_Salvador": "503", "America/Tegucigalpa": "504", "America/Managua": "505", "America/Havana": "53",
  "America/Santo_Domingo": "1", "America/Puerto_Rico": "1", "America/New_York": "1", "America/Chicago": "1", "America/Los_Angeles": "1",
  "Europe/Lisbon": "351", "Europe/London": "44", "Europe/Paris": "33", "Europe/Berlin": "49", "Europe/Rome": "39",
};

/** The workspace's calling code: the country of its time zone, Spain when the zone is not listed. */
export const callingCodeOf = (timeZone: string): string => ZONE_CODES[timeZone] ?? "34";

/**
 * Digits after the calling code, [min, max], for the countries above whose numbers have a fixed length (Germany and
 * Italy vary too much to check). Mexico's old mobile "1" and Argentina's mobile "9" count: WhatsApp still reports them.
 */
const NATIONAL_LENGTHS: Record<string, readonly [number, number]> = {
  "34": [9, 9], "52": [10, 11], "54": [10, 11], "57": [10, 10], "56": [9, 9], "51": [8, 9], "593": [8, 9], "58": [10, 10],
  "598": [8, 8], "595": [7, 9], "591": [8, 8], "506": [8, 8], "507": [7, 8], "502": [8, 8], "503": [8, 8], "504": [8, 8],
  "505": [8, 8], "1": [10, 10], "53": [8, 8], "351": [9, 9], "44": [9, 10], "33": [9, 9],
};

/** The listed calling code an international number starts with (codes are prefix-free), or null. */
function knownCodeOf(digits: string): string | null {
  for (const length of [1, 2, 3]) if (NATIONAL_LENGTHS[digits.slice(0, length)]) return digits.slice(0, length);
  return null;
}

/** E.164 shape, and for a listed country the right length after its code. */
export function plausibleE164(digits: string): boolean {
  if (!/^[1-9]\d{7,14}$/.test(digits)) return false;
  const code = knownCodeOf(digits);
  if (!code) return true;
  const [min, max] = NATIONAL_LENGTHS[code]!;
  const national = digits.length - code.length;
  return national >= min && national <= max;
}

/**
 * What someone typed → E.164 digits without "+", or null when it cannot be a number. "+52 1 55…" or "0034…" keep
 * their own code; a national number gets `callingCode` (a leading trunk 0 dropped, as in Argentina, Peru or the UK).
 * Spreadsheets lose the "+" of "+34 612…": digits that are not a valid national number but are a valid international
 * one of a listed country are read as international.
 */
export function toE164Digits(typed: string, callingCode: string): string | null {
  let digits = typed.trim().replace(/[\s().\-/\u00a0]/g, "");
  if (digits.startsWith("+")) return plausible(digits.slice(1));
  if (digits.startsWith("00")) return plausible(digits.slice(2));
  if (!/^\d+$/.test(digits)) return null;
  const national = callingCode + digits.replace(/^0+/, "");
  if (plausibleE164(national)) return national;
  digits = digits.replace(/^0+/, "");
  return knownCodeOf(digits) && plausibleE164(digits) ? digits : null;
}

const plausible = (digits: string) => (plausibleE164(digits) ? digits : null);

/**
 * The other keys WhatsApp may know the same number by: Mexico with and without the old mobile "1" after 52, and
 * Argentina with and without the mobile "9" after 54. Matching existing contacts tries these too.
 */
export function phoneKeyVariants(digits: string): string[] {
  const toggles: Array<[string, string]> = [["52", "1"], ["54", "9"]];
  const out: string[] = [];
  for (const [code, mobile] of toggles) {
    if (!digits.startsWith(code)) continue;
    const rest = digits.slice(code.length);
    if (rest.length === 11 && rest.startsWith(mobile)) out.push(code + rest.slice(1));
    if (rest.length === 10) out.push(code + mobile + rest);
  }
  return out;
}
