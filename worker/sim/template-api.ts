// The Graph API's template management, served by the simulator (meta-api.md §11.1): create (PENDING, reviewed
// after `templateReviewMs`), list with cursor paging, delete, and Graph's field selection for template nodes.
import type { Hono } from "hono";
import { DEMO_CHANNEL } from "../dev/demo-fixture";
import { errorResponse, graphError, invalidParameter, jsonResponse, unknownObjectError } from "./graph-errors";
import type { JobPayload, SimStore } from "./sim-store";
import { headerHandleProblem, type UploadStore } from "./resumable-upload";
import { checkTemplateDraft, reviewTemplate } from "./template-rules";
import type { StoredTemplate, TemplateStore } from "./template-store";
import { TEMPLATE_FIELDS, statusUpdateValue, templateNode } from "./template-webhooks";

/** Set by the /__sim/graph forwarder: the public origin and version prefix, for absolute `paging.next` URLs. */
export const GRAPH_BASE_HEADER = "x-sim-graph-base";
const FALLBACK_BASE = "https://graph.facebook.com/v25.0";
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const MAX_HSM_IDS = 100;

/** What the template routes need of the simulator (graph-api.ts's GraphCore provides it). */
export interface TemplateApiCore {
  store: Pick<SimStore, "config">;
  templates: TemplateStore;
  uploads: Pick<UploadStore, "handleType">;
  now(): number;
  schedule(dueAt: number, wabaId: string, payload: JobPayload): void;
  armAlarm(): Promise<void>;
}

const knownWaba = (id: string) => id === DEMO_CHANNEL.wabaId;

/** `?fields=a,b` → the list, null when absent, or the error Graph gives for a field the node does not have. */
export function parseFields(raw: string | undefined): { fields: string[] | null } | { error: Response } {
  if (raw === undefined || !raw.trim()) return { fields: null };
  const fields = raw.split(",").map((f) => f.trim()).filter(Boolean);
  const unknown = fields.find((f) => !(TEMPLATE_FIELDS as readonly string[]).includes(f));
  if (unknown !== undefined) return { error: errorResponse(graphError(100, { title: `Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessHSM)` })) };
  return { fields };
}

const encodeCursor = (seq: number) => btoa(`sim-template:${seq}`);

function decodeCursor(cursor: string): number | null {
  try {
    const match = /^sim-template:(\d+)$/.exec(atob(cursor));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

const notFound = (what: string) => errorResponse(graphError(100, { details: `Message template ${what} could not be found.` }));

export function templateApi(app: Hono, core: TemplateApiCore): void {
  app.post("/:waba/message_templates", async (c) => {
    const waba = c.req.param("waba");
    if (!knownWaba(waba)) return errorResponse(unknownObjectError(waba, "post"), 400);
    const raw: unknown = await c.req.raw.json().catch(() => undefined);
    const checked = checkTemplateDraft(raw);
    if (!checked.ok) return errorResponse(invalidParameter(checked.details));
    const draft = checked.draft;
    // A media header's sample must be a file uploaded through the Resumable Upload API (its handle `h`).
    const header = draft.components.find((c) => c.type === "HEADER");
    const example = header?.example;
    if (header && typeof header.format === "string" && typeof example === "object" && example !== null && "header_handle" in example && Array.isArray(example.header_handle)) {
      const problem = headerHandleProblem(core.uploads, header.format, example.header_handle.map(String));
      if (problem) return errorResponse(invalidParameter(problem));
    }
    const now = core.now();
    const created = core.templates.create(waba, draft, now);
    if (!created) {
      return errorResponse(graphError(100, { subcode: 2388024, details: `Content in ${draft.language} already exists for the template name ${draft.name}: create a new template or add another language.` }));
    }
    // The review is decided now (its rules are pure) and takes effect, webhook included, when the job runs.
    const rejection = reviewTemplate(draft);
    const dueAt = now + core.store.config().templateReviewMs;
    const event = rejection ? "REJECTED" : "APPROVED";
    const reason = rejection ? rejection.reason : "NONE";
    const timestamp = Math.floor(dueAt / 1000);
    core.schedule(dueAt, waba, {
      kind: "template",
      field: "message_template_status_update",
      value: statusUpdateValue(created, event, { reason, rejectionInfo: rejection?.rejectionInfo, nowSec: timestamp }),
      timestamp,
      review: { templateId: created.id, status: event, reason },
    });
    await core.armAlarm();
    return jsonResponse({ id: created.id, status: "PENDING", category: created.category });
  });

  app.get("/:waba/message_templates", (c) => {
    const waba = c.req.param("waba");
    if (!knownWaba(waba)) return errorResponse(unknownObjectError(waba, "get"), 400);
    const parsed = parseFields(c.req.query("fields"));
    if ("error" in parsed) return parsed.error;
    const limitRaw = c.req.query("limit");
    const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1) return errorResponse(invalidParameter("Param limit must be a positive integer."));
    const afterRaw = c.req.query("after");
    const beforeRaw = c.req.query("before");
    const after = afterRaw === undefined ? undefined : decodeCursor(afterRaw);
    const before = beforeRaw === undefined ? undefined : decodeCursor(beforeRaw);
    if (after === null || before === null) return errorResponse(invalidParameter("The paging cursor is not valid."));
    const status = c.req.query("status");
    const { rows, more } = core.templates.page(
      waba,
      { name: c.req.query("name"), language: c.req.query("language"), category: c.req.query("category"), statuses: status ? status.split(",").map((s) => s.trim()) : undefined },
      { after, before },
      Math.min(limit, MAX_LIMIT),
    );
    const data = rows.map((t) => templateNode(t, parsed.fields));
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (!first || !last) return jsonResponse({ data });
    // Absolute links to this same path, keeping every query parameter but the cursors (Meta's shape).
    const base = c.req.header(GRAPH_BASE_HEADER) ?? FALLBACK_BASE;
    const link = (key: "after" | "before", seq: number) => {
      const query = new URLSearchParams(new URL(c.req.url).search);
      query.delete("after");
      query.delete("before");
      query.set(key, encodeCursor(seq));
      return `${base}/${waba}/message_templates?${query}`;
    };
    const backwards = before !== undefined;
    const hasNext = backwards || more;
    const hasPrevious = backwards ? more : after !== undefined;
    return jsonResponse({
      data,
      paging: {
        cursors: { before: encodeCursor(first.seq), after: encodeCursor(last.seq) },
        ...(hasNext ? { next: link("after", last.seq) } : {}),
        ...(hasPrevious ? { previous: link("before", first.seq) } : {}),
      },
    });
  });

  app.delete("/:waba/message_templates", (c) => {
    const waba = c.req.param("waba");
    if (!knownWaba(waba)) return errorResponse(unknownObjectError(waba, "delete"), 400);
    const name = c.req.query("name");
    const hsmId = c.req.query("hsm_id");
    const hsmIds = c.req.query("hsm_ids");
    const mine = (t: StoredTemplate | null): t is StoredTemplate => t !== null && t.wabaId === waba;
    let targets: StoredTemplate[];
    if (hsmIds !== undefined) {
      if (name !== undefined || hsmId !== undefined) return errorResponse(invalidParameter("Param hsm_ids can't be combined with name or hsm_id."));
      let ids: unknown;
      try {
        ids = JSON.parse(hsmIds);
      } catch {
        ids = null;
      }
      if (!Array.isArray(ids) || !ids.length || ids.length > MAX_HSM_IDS || !ids.every((i) => /^\d+$/.test(String(i)))) {
        return errorResponse(invalidParameter(`Param hsm_ids must be a JSON array of 1 to ${MAX_HSM_IDS} template ids.`));
      }
      targets = [];
      // All or nothing: one unknown id and nothing is deleted.
      for (const id of ids.map(String)) {
        const t = core.templates.byId(id);
        if (!mine(t)) return notFound(`with id ${id}`);
        targets.push(t);
      }
    } else if (!name) {
      return errorResponse(invalidParameter("The parameter name is required."));
    } else if (hsmId !== undefined) {
      const t = core.templates.byId(hsmId);
      if (!mine(t) || t.name !== name) return notFound(`with id ${hsmId} and name ${name}`);
      targets = [t];
    } else {
      targets = core.templates.byName(waba, name);
      if (!targets.length) return notFound(`named ${name}`);
    }
    const disabled = targets.find((t) => t.status === "DISABLED");
    if (disabled) return errorResponse(invalidParameter(`The template ${disabled.name} (${disabled.language}) is DISABLED and can't be deleted.`));
    core.templates.delete(targets.map((t) => t.id));
    return jsonResponse({ success: true });
  });
}
