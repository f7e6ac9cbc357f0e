// The language switch (login page and the sidebar's preferences): each language named in itself.
import type { JSX } from "solid-js";
import { type Locale, locale, setLocale, t } from "../i18n";

export function LanguageSelect(): JSX.Element {
  return (
    <select class="select select-sm" aria-label={t("nav.language")} value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
      <option value="es">Español</option>
      <option value="en">English</option>
    </select>
  );
}
