// Why a message was not delivered, in the agent's language: Meta's common error codes and our API's codes
// get a plain explanation; anything else shows the reason the server recorded.
import { hasKey, t } from "../i18n";

export function failureText(code: number | string | null | undefined, reason: string | null | undefined): string {
  const key = `error.${code}`;
  if (code !== null && code !== undefined && hasKey(key)) return t(key);
  if (code === "network") return t("error.network");
  return reason ? t("error.generic", { message: reason }) : t("status.msg.failed");
}
