// "Posponer": in 1 hour, tomorrow 9:00, Monday 9:00 (in the workspace's time zone) or a date and time of the
// agent's choosing. The conversation wakes at that time, or earlier if the customer writes.
import { createSignal, For, type JSX, Show } from "solid-js";
import { t } from "../i18n";
import { fullDate, now, shortDateTime } from "../i18n/format";
import { fromLocalInput, snoozePresets, toLocalInput } from "../lib/zoned-time";
import { Icon } from "./Icon";
import { Popover } from "./Popover";

export function SnoozeMenu(props: { timeZone: string; disabled?: boolean; onSnooze: (until: number) => Promise<boolean> }): JSX.Element {
  return (
    <Popover
      label={t("snooze.label")}
      align="end"
      triggerClass="btn btn-secondary btn-sm act"
      disabled={props.disabled}
      trigger={<><Icon name="snooze" size={16} /><span class="act-label">{t("snooze.label")}</span></>}
    >
      {(close) => <SnoozeChoices timeZone={props.timeZone} onPick={(until) => { close(); void props.onSnooze(until); }} />}
    </Popover>
  );
}

function SnoozeChoices(props: { timeZone: string; onPick: (until: number) => void }): JSX.Element {
  const presets = snoozePresets(now(), props.timeZone);
  const [custom, setCustom] = createSignal(toLocalInput(presets.tomorrow, props.timeZone));
  const customAt = () => fromLocalInput(custom(), props.timeZone);
  const valid = () => (customAt() ?? 0) > Date.now();
  const options = [
    { label: t("snooze.hour"), at: presets.hour },
    { label: t("snooze.tomorrow"), at: presets.tomorrow },
    { label: t("snooze.monday"), at: presets.monday },
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
        <label class="field">
          <span class="field-label">{t("snooze.custom")}</span>
          <input class="input" type="datetime-local" value={custom()} min={toLocalInput(Date.now(), props.timeZone)} onInput={(e) => setCustom(e.currentTarget.value)} />
        </label>
        <Show when={custom() && !valid()}>
          <p class="field-error">{t("snooze.past")}</p>
        </Show>
        <button type="submit" class="btn btn-primary btn-sm" disabled={!valid()}>
          {t("snooze.submit")}
        </button>
      </form>
    </div>
  );
}
