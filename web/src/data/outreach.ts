// Writing first: the workspace's WhatsApp numbers and starting a conversation with a template. Only the lazily
// loaded "Nueva conversación" dialog imports this module.
import { request } from "./api";
import type { ChannelEntry, Items, StartBody, StartResult } from "./types";

export type { ChannelEntry };

export const outreachApi = {
  channels: async () => (await request<Items<ChannelEntry>>("GET", "/api/channels")).items,
  start: (body: StartBody) => request<StartResult, StartBody>("POST", "/api/conversations", body),
};

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

export const callingCodeOf = (timeZone: string): string => ZONE_CODES[timeZone] ?? "34";

/**
 * What the agent typed → WhatsApp's E.164 digits without "+". "+52 1 55…" or "0034…" keep their own code; a national
 * number gets the chosen one (a leading trunk 0 dropped, as in Argentina, Peru or the UK). null when it cannot be a number.
 */
export function toE164Digits(typed: string, callingCode: string): string | null {
  const trimmed = typed.trim();
  let digits = trimmed.replace(/[\s().\-/]/g, "");
  if (digits.startsWith("+")) digits = digits.slice(1);
  else if (digits.startsWith("00")) digits = digits.slice(2);
  else digits = callingCode + digits.replace(/^0+/, "");
  return /^[1-9]\d{7,14}$/.test(digits) ? digits : null;
}
