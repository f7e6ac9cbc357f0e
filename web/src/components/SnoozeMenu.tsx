// "Posponer": in 1 hour, tomorrow 9:00, Monday 9:00 or a day and a 24-hour time of the agent's choosing, all on the
// workspace's clock (not the browser's). The conversation wakes at that time, or earlier if the customer writes.
import { type JSX, lazy, Suspense } from "solid-js";
import { t } from "../i18n";
import { Icon } from "./Icon";
import { Popover } from "./Popover";

const SnoozeChoices = lazy(() => import("./SnoozeChoices"));

export function SnoozeMenu(props: { timeZone: string; disabled?: boolean; onSnooze: (until: number) => Promise<boolean> }): JSX.Element {
  return (
    <Popover
      label={t("snooze.label")}
      align="end"
      triggerClass="btn btn-secondary btn-sm act"
      disabled={props.disabled}
      trigger={<><Icon name="snooze" size={16} /><span class="act-label">{t("snooze.label")}</span></>}
    >
      {(close) => (
        <Suspense>
          <SnoozeChoices timeZone={props.timeZone} onPick={(until) => { close(); void props.onSnooze(until); }} />
        </Suspense>
      )}
    </Popover>
  );
}
