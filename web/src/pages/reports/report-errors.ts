// Why a report could not be read, in the person's words: a role without access, a range the API refused, the
// network, or the server's own message.
import { ApiError } from "../../data/api";
import { t } from "../../i18n";
import { tr } from "../../i18n/reports";

export function reportErrorText(err: unknown): string {
  const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
  if (e.status === 403) return tr("error.forbidden");
  if (e.status === 400) return tr("error.badQuery", { message: e.message });
  if (e.status === 0) return t("error.network");
  return t("error.generic", { message: e.message });
}
