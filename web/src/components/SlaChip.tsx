// A conversation's service clock (shared/sla.ts): time left on the target due first, amber from 75%, red once missed.
import { type JSX, Show } from "solid-js";
import type { SlaClock } from "../../../shared/model";
import { t } from "../i18n";
import { duration, now } from "../i18n/format";

export function SlaChip(props: { sla: SlaClock | null | undefined }): JSX.Element {
  return (
    <Show when={props.sla}>
      {(c) => (
        <span class={`chip chip-sla${now() >= c().dueAt ? " is-late" : now() >= c().warnAt ? " is-warn" : ""}`}>
          {now() < c().dueAt ? `SLA ${duration(c().dueAt - now())}` : t("list.slaLate", { time: duration(now() - c().dueAt) })}
        </span>
      )}
    </Show>
  );
}
