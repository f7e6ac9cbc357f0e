// The WhatsApp Business Account's message templates on Graph (meta-api.md §11.1): create, list every page, delete.
// Transport only: the API routes decide what to store; failures keep the client's classification
// (transient / permanent / unknown) so a route can answer 503, 422 or 502 like the send path reasons about them.
import type { GraphClient, GraphResult } from "./graph-client";

/** One template as Meta lists it (`fields=id,name,status,category,language,components,quality_score,rejected_reason`). */
export interface MetaTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components?: unknown[];
  quality_score?: { score?: string } | null;
  rejected_reason?: string | null;
}

interface ListPage {
  data?: MetaTemplate[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

export interface CreatedTemplate {
  id: string;
  status: string;
  category: string;
}

const LIST_FIELDS = "id,name,status,category,language,components,quality_score,rejected_reason";
/** A WABA holds at most 6,000 templates; 50 per page → 120 pages. Past this a `next` loop is a bug, not data. */
const MAX_PAGES = 150;

export function createTemplate(graph: GraphClient, wabaId: string, template: { name: string; language: string; category: string; components: unknown[] }): Promise<GraphResult<CreatedTemplate>> {
  return graph.request<CreatedTemplate>(`${encodeURIComponent(wabaId)}/message_templates`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(template),
  });
}

/** Every template of the WABA, following `paging.next` until Meta stops sending one. */
export async function listTemplates(graph: GraphClient, wabaId: string): Promise<GraphResult<MetaTemplate[]>> {
  const all: MetaTemplate[] = [];
  let next: string | undefined = `${encodeURIComponent(wabaId)}/message_templates?fields=${LIST_FIELDS}&limit=50`;
  for (let page = 0; next; page++) {
    if (page >= MAX_PAGES) return { ok: false, failure: { kind: "permanent", status: 0, code: null, reason: `more than ${MAX_PAGES} pages of templates` } };
    const result: GraphResult<ListPage> = await graph.request<ListPage>(next, { method: "GET" });
    if (!result.ok) return result;
    all.push(...(result.value.data ?? []));
    next = result.value.paging?.next;
  }
  return { ok: true, value: all };
}

/** Deletes this one template (this id in this language); `name` alone would delete every language. */
export function deleteTemplate(graph: GraphClient, wabaId: string, template: { metaId: string; name: string }): Promise<GraphResult<{ success: boolean }>> {
  const query = new URLSearchParams({ hsm_id: template.metaId, name: template.name });
  return graph.request<{ success: boolean }>(`${encodeURIComponent(wabaId)}/message_templates?${query}`, { method: "DELETE" });
}

/**
 * A media header's sample through the app's Resumable Upload API: open a session for the file, send it whole
 * from offset 0, and answer the handle `h` that `example.header_handle` carries at creation.
 */
export async function uploadTemplateSample(
  graph: GraphClient,
  appId: string,
  file: { name: string; type: string; size: number; body: () => ReadableStream<Uint8Array> | ArrayBuffer },
): Promise<GraphResult<{ handle: string }>> {
  const query = new URLSearchParams({ file_name: file.name, file_length: String(file.size), file_type: file.type });
  const session = await graph.request<{ id: string }>(`${encodeURIComponent(appId)}/uploads?${query}`, { method: "POST" });
  if (!session.ok) return session;
  // The session id (`upload:…`, possibly with `?sig=…`) is used as Meta gave it.
  const sent = await graph.request<{ h: string }>(session.value.id, { method: "POST", headers: { file_offset: "0", "content-type": file.type }, body: file.body() });
  if (!sent.ok) return sent;
  if (typeof sent.value.h !== "string" || !sent.value.h) return { ok: false, failure: { kind: "permanent", status: 200, code: null, reason: "Meta answered the upload without a handle" } };
  return { ok: true, value: { handle: sent.value.h } };
}
