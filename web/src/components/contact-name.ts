// How a contact is named everywhere: WhatsApp profile name, else the phone number, else a neutral label.
import { t } from "../i18n";

export function displayName(name: string | null | undefined, phone: string | null | undefined): string {
  return name?.trim() || phone || t("contact.noName");
}

/** "+34600111222" → "+34 600 111 222" (readable groups; not a full numbering plan). */
export function prettyPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/[^\d]/g, "");
  if (digits.length < 8) return phone;
  const cc = digits.length > 10 ? digits.slice(0, digits.length - 9) : "";
  const rest = cc ? digits.slice(cc.length) : digits;
  return `${cc ? `+${cc} ` : "+"}${rest.replace(/(\d{3})(?=\d)/g, "$1 ")}`.trim();
}
