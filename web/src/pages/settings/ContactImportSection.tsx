// "Importar contactos" (supervisors and admins): a CSV of customers into one WhatsApp number's contacts, with their
// marketing consent. Says which columns it reads, then what happened: created, updated, skipped, and the rows with
// a problem (row 1 is the header, as in the spreadsheet).
import { createResource, createSignal, For, type JSX, Show } from "solid-js";
import { contactsApi } from "../../data/contacts";
import { outreachApi } from "../../data/outreach";
import type { ContactImportResult } from "../../data/types";
import { tl } from "../../i18n/on-demand";
import { ErrorLine, FormActions, SectionHead, useSaving } from "./settings-ui";

export default function ContactImportSection(): JSX.Element {
  const saving = useSaving();
  const [channels] = createResource(() => outreachApi.channels());
  const [channelId, setChannelId] = createSignal<string | null>(null);
  const [file, setFile] = createSignal<File | null>(null);
  const [result, setResult] = createSignal<ContactImportResult | null>(null);
  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const chosen = file();
    if (!chosen) return;
    setResult(null);
    const done = await saving.run(() => contactsApi.importCsv(chosen, channelId() ?? channels()?.[0]?.id ?? null));
    if (done) setResult(done);
  }
  return (
    <section>
      <SectionHead title={tl("import.title")} description={tl("import.description")} />
      <form class="card form-grid" onSubmit={submit} aria-label={tl("import.title")}>
        <p class="field-help">{tl("import.columns")}</p>
        <Show when={(channels()?.length ?? 0) > 1}>
          <label class="field">
            <span class="field-label">{tl("import.channel")}</span>
            <select class="select" value={channelId() ?? channels()?.[0]?.id ?? ""} onChange={(e) => setChannelId(e.currentTarget.value)}>
              <For each={channels()}>{(ch) => <option value={ch.id}>{`${ch.name} (${ch.displayNumber})`}</option>}</For>
            </select>
          </label>
        </Show>
        <input class="input" type="file" accept=".csv,text/csv" aria-label={tl("import.file")} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <ErrorLine error={saving.error()} />
        <FormActions submit={saving.busy() ? tl("import.running") : tl("import.submit")} disabled={saving.busy() || !file()} />
      </form>
      <Show when={result()}>
        {(r) => (
          <div role="status" class="card" data-import-result>
            <p>{tl("import.done", { created: r().created, updated: r().updated, skipped: r().skipped, merged: r().merged })}</p>
            <Show when={r().optedOut}>
              <p class="small muted">{tl("import.optedOut", { n: r().optedOut })}</p>
            </Show>
            <Show when={r().errors.length}>
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{tl("import.row")}</th>
                      <th scope="col">{tl("import.column")}</th>
                      <th scope="col">{tl("import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={r().errors}>
                      {(err) => (
                        <tr data-code={err.code}>
                          <td>{err.row}</td>
                          <td>{err.column ?? ""}</td>
                          <td>{err.message}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={r().moreErrors}>
                <p class="small muted">{tl("import.moreErrors", { n: r().moreErrors })}</p>
              </Show>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
