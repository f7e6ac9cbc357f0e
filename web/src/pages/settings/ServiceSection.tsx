// Quality of service: SLA policies (targets per priority or tag, in calendar or business hours) and, per WhatsApp
// number, the satisfaction survey sent on resolve. Admins only; the rules are in shared/sla.ts and shared/csat.ts.
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { directory } from "../../data/directory";
import { type ChannelSettings, serviceApi, type SlaPolicyBody, type SlaPolicyRecord } from "../../data/service-settings";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import { ConfirmButton, ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const DEFAULT_LABELS: [string, string, string] = ["😀 Bien", "😐 Regular", "😞 Mal"];

export default function ServiceSection(): JSX.Element {
  const [policies, { refetch }] = createResource(() => serviceApi.policies());
  const [channels] = createResource(() => serviceApi.channels());
  const [editing, setEditing] = createSignal<string | null>(null);
  const saving = useSaving();
  return (
    <section>
      <SectionHead title={tl("service.title")} description={tl("service.description")} />
      <h2 class="subsection-title">{tl("sla.title")}</h2>
      <p class="field-help">{tl("sla.help")}</p>
      <ul class="sla-list" role="list">
        <For each={policies() ?? []} fallback={<p class="empty-line">{tl("sla.none")}</p>}>
          {(p) => (
            <Show when={editing() === p.id} fallback={<PolicyRow policy={p} onEdit={() => setEditing(p.id)} onDelete={() => void saving.run(async () => (await serviceApi.deletePolicy(p.id), refetch()))} />}>
              <li>
                <PolicyForm policy={p} onDone={() => (setEditing(null), refetch())} />
              </li>
            </Show>
          )}
        </For>
      </ul>
      <ErrorLine error={saving.error()} />
      <PolicyForm onDone={() => refetch()} />
      <h2 class="subsection-title">{tl("csat.title")}</h2>
      <p class="field-help">{tl("csat.help")}</p>
      <div class="cards">
        <For each={channels() ?? []}>{(ch) => <SurveyForm channel={ch} />}</For>
      </div>
    </section>
  );
}

const minutes = (s: number | null) => (s === null ? "—" : s % 3600 === 0 ? tl("sla.hours", { n: s / 3600 }) : tl("sla.minutes", { n: Math.round(s / 60) }));

function PolicyRow(props: { policy: SlaPolicyRecord; onEdit: () => void; onDelete: () => void }): JSX.Element {
  const p = props.policy;
  const tag = () => directory.tags.find((t) => t.id === p.tagId)?.name;
  const scope = () => [p.priority ? tl(`sla.priority.${p.priority}` as OnDemandKey) : null, tag() ? `#${tag()}` : null].filter(Boolean).join(" · ") || tl("sla.every");
  return (
    <li class="sla-row card" data-policy={p.name} classList={{ "is-disabled": !p.enabled }}>
      <div>
        <strong>{p.name}</strong> <span class="muted">{scope()}</span>
        <div class="muted">
          {tl("sla.summary", { first: minutes(p.firstResponseSeconds), next: minutes(p.nextResponseSeconds), resolution: minutes(p.resolutionSeconds) })}
          {p.businessHours ? ` · ${tl("sla.inBusinessHours")}` : ""}
        </div>
      </div>
      <button type="button" class="btn btn-ghost btn-sm" onClick={() => props.onEdit()}>
        {tl("common.edit")}
      </button>
      <ConfirmButton label={tl("sla.deleteOf", { name: p.name })} confirm={tl("sla.confirmDelete")} onConfirm={() => props.onDelete()} />
    </li>
  );
}

/** Creates a policy, or (with `policy`) replaces it. Targets are typed in minutes (resolution in hours). */
function PolicyForm(props: { policy?: SlaPolicyRecord; onDone: () => void }): JSX.Element {
  const saving = useSaving();
  const p = props.policy;
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const formEl = e.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const num = (name: string, unit: number) => {
      const v = String(form.get(name) ?? "").trim();
      return v === "" ? null : Math.round(Number(v) * unit);
    };
    const body: SlaPolicyBody = {
      name: String(form.get("name") ?? "").trim(),
      priority: (String(form.get("priority") ?? "") || null) as SlaPolicyBody["priority"],
      tagId: String(form.get("tagId") ?? "") || null,
      firstResponseSeconds: num("first", 60),
      nextResponseSeconds: num("next", 60),
      resolutionSeconds: num("resolution", 3600),
      businessHours: form.get("businessHours") === "on",
      enabled: p ? form.get("enabled") === "on" : true,
    };
    const ok = await saving.run(() => (p ? serviceApi.replacePolicy(p.id, { ...body, position: p.position }) : serviceApi.createPolicy(body)));
    if (!ok) return;
    if (!p) formEl.reset();
    props.onDone();
  }
  const title = p ? tl("sla.editOf", { name: p.name }) : tl("sla.create");
  return (
    <form class="card form-grid" aria-label={title} onSubmit={submit}>
      <h3 class="card-title">{title}</h3>
      <label class="field">
        <span class="field-label">{tl("sla.name")}</span>
        <input class="input" name="name" required maxLength={80} value={p?.name ?? ""} placeholder={tl("sla.namePlaceholder")} />
      </label>
      <label class="field">
        <span class="field-label">{tl("sla.priority")}</span>
        <select class="select" name="priority" value={p?.priority ?? ""}>
          <option value="">{tl("sla.anyPriority")}</option>
          <For each={PRIORITIES}>{(pr) => <option value={pr}>{tl(`sla.priority.${pr}` as OnDemandKey)}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span class="field-label">{tl("sla.tag")}</span>
        <select class="select" name="tagId" value={p?.tagId ?? ""}>
          <option value="">{tl("sla.anyTag")}</option>
          <For each={directory.tags}>{(t) => <option value={t.id}>{t.name}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span class="field-label">{tl("sla.first")}</span>
        <input class="input input-num" name="first" type="number" min="1" step="1" value={p?.firstResponseSeconds ? p.firstResponseSeconds / 60 : ""} />
      </label>
      <label class="field">
        <span class="field-label">{tl("sla.next")}</span>
        <input class="input input-num" name="next" type="number" min="1" step="1" value={p?.nextResponseSeconds ? p.nextResponseSeconds / 60 : ""} />
      </label>
      <label class="field">
        <span class="field-label">{tl("sla.resolution")}</span>
        <input class="input input-num" name="resolution" type="number" min="0.25" step="0.25" value={p?.resolutionSeconds ? p.resolutionSeconds / 3600 : ""} />
      </label>
      <label class="check">
        <input type="checkbox" name="businessHours" checked={p?.businessHours ?? false} /> {tl("sla.businessHours")}
      </label>
      <Show when={p}>
        <label class="check">
          <input type="checkbox" name="enabled" checked={p!.enabled} /> {tl("sla.enabled")}
        </label>
      </Show>
      <ErrorLine error={saving.error()} />
      <FormActions submit={p ? tl("common.save") : tl("sla.create")} disabled={saving.busy()} saved={saving.done()} onCancel={p ? props.onDone : undefined} />
    </form>
  );
}

function SurveyForm(props: { channel: ChannelSettings }): JSX.Element {
  const saving = useSaving();
  const ch = props.channel;
  const labels = ch.csatLabels ?? DEFAULT_LABELS;
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    const typed = [text("good"), text("okay"), text("bad")];
    await saving.run(() =>
      serviceApi.saveSurvey(ch.id, {
        csatEnabled: form.get("csatEnabled") === "on",
        csatQuestion: text("question"),
        csatLabels: typed.every((l) => l !== null) ? (typed as [string, string, string]) : null,
        csatThanks: text("thanks"),
      }),
    );
  }
  const title = tl("csat.titleOf", { name: ch.name });
  return (
    <form class="card form-grid" data-channel={ch.id} aria-label={title} onSubmit={submit}>
      <h3 class="card-title">{title}</h3>
      <label class="check">
        <input type="checkbox" name="csatEnabled" checked={ch.csatEnabled} /> {tl("csat.enabled")}
      </label>
      <label class="field">
        <span class="field-label">{tl("csat.question")}</span>
        <input class="input" name="question" maxLength={1024} value={ch.csatQuestion ?? ""} placeholder="¿Cómo valorarías la atención que recibiste?" />
      </label>
      <fieldset class="field">
        <legend class="field-label">{tl("csat.buttons")}</legend>
        <div class="csat-buttons">
          <input class="input" name="good" maxLength={20} aria-label={tl("csat.good")} value={labels[0]} />
          <input class="input" name="okay" maxLength={20} aria-label={tl("csat.okay")} value={labels[1]} />
          <input class="input" name="bad" maxLength={20} aria-label={tl("csat.bad")} value={labels[2]} />
        </div>
      </fieldset>
      <label class="field">
        <span class="field-label">{tl("csat.thanks")}</span>
        <input class="input" name="thanks" maxLength={1024} value={ch.csatThanks ?? ""} placeholder="¡Gracias por tu valoración!" />
      </label>
      <ErrorLine error={saving.error()} />
      <FormActions submit={tl("common.save")} disabled={saving.busy()} saved={saving.done()} />
    </form>
  );
}
