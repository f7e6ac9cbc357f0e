// Short labels for message kinds ("📷 Foto", "🎤 Nota de voz"), shared by list previews and quoted replies.
import type { MessageKind } from "../../../shared/model";
import { hasKey, t } from "../i18n";

export function kindLabel(kind: MessageKind, text?: string, voice?: boolean): string {
  if (kind === "audio" && voice) return t("kind.voice");
  if (kind === "reaction") return t("kind.reaction", { emoji: text ?? "" });
  const key = `kind.${kind}`;
  return hasKey(key) ? t(key) : "";
}
