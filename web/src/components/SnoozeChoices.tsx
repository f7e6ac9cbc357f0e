// The choices of "Posponer" (loaded when the menu first opens, so the inbox's first load does not carry them): in
// 1 hour, tomorrow 9:00, Monday 9:00 or a day and a 24-hour time, all on the workspace's clock (not the browser's).
import { createSignal, For, type JSX, Show } from "solid-js";
import { locale, t } from "../i18n";
import { tl } from "../i18n/on-demand";
import { fullDate, now, shortDateTime } from "../i18n/format";
import { dayOf, QUARTER_HOURS, snoozePresets, wallClockLabel, zonedInstant } from "../../../shared/zoned-time";

export default function SnoozeChoices(props: { timeZone: string; onPick: (until: number) => void }): JSX.Element {
  const presets = snoozePresets(now(), props.timeZone);
  // A date input and a 24-hour time list, both read on the workspace's clock: the browser's own date-time
  // picker would use the browser's zone and, in some locales, AM/PM.
  const [day, setDay] = createSignal(dayOf(presets.tomorrow, props.timeZone));
  const [time, setTime] = createSignal("09:00");
  const customAt = () => zonedInstant(day(), time(), props.timeZone);
  const valid = () => (customAt() ?? 0) > Date.now();
  const options = [
    { label: tl("snooze.hour"), at: presets.hour },
    { label: tl("snooze.tomorrow"), at: presets.tomorrow },
    { label: tl("snooze.monday"), at: presets.monday },
  ];
  return (
    <div class="snooze">
      <ul class="menu" role="list">
        <For each={options}>
          {(o) => (
            <li>
              <button type="button" class="menu-item" onClick={() => props.onPick(o.at)} title={fullDate(o.at)}>
                <span>{o.label}</span>
                <span class="menu-hint">{shortDateTime(o.at)}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      <form
        class="snooze-custom"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid()) props.onPick(customAt()!);
        }}
      >
        <span class="field-label">{tl("snooze.custom")}</span>
        <div class="snooze-when">
          <input class="input" type="date" aria-label={tl("snooze.date")} required value={day()} min={dayOf(Date.now(), props.timeZone)} onInput={(e) => setDay(e.currentTarget.value)} />
          <select class="select" aria-label={tl("snooze.time")} value={time()} onChange={(e) => setTime(e.currentTarget.value)}>
            <For each={QUARTER_HOURS}>{(hm) => <option value={hm}>{hm}</option>}</For>
          </select>
        </div>
        <Show when={customAt()} fallback={<p class="field-error">{tl("snooze.pickDate")}</p>}>
          {(at) => (
            <p class={valid() ? "field-help" : "field-error"} role="status">
              {valid() ? tl("snooze.at", { when: wallClockLabel(at(), props.timeZone, locale()), zone: zoneCity(props.timeZone) }) : tl("snooze.past")}
            </p>
          )}
        </Show>
        <button type="submit" class="btn btn-primary btn-sm" disabled={!valid()}>
          {tl("snooze.submit")}
        </button>
      </form>
    </div>
  );
}

/** "Europe/Madrid" → "Madrid", "America/Mexico_City" → "Mexico City". */
const zoneCity = (zone: string) => (zone.split("/").pop() ?? zone).replace(/_/g, " ");
