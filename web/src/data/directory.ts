// Who and what exists in the workspace: people (with live presence), teams, tags and canned replies. Loaded
// once when the app opens (canned replies on first use) and refreshed after an edit; components read the store.
import { createStore, reconcile } from "solid-js/store";
import type { PresenceState } from "../../../shared/protocol";
import { api } from "./api";
import { realtime, seedPresence } from "./realtime";
import type { AgentEntry, CannedReply, CannedReplyBody, TagEntry, TeamEntry } from "./types";

interface Directory {
  agents: AgentEntry[];
  teams: TeamEntry[];
  tags: TagEntry[];
  canned: CannedReply[] | null;
  loaded: boolean;
}

const [directory, setDirectory] = createStore<Directory>({ agents: [], teams: [], tags: [], canned: null, loaded: false });
export { directory };

export type DirectoryPart = "agents" | "teams" | "tags";

/** Loads (or reloads) parts of the directory; failures leave the previous values in place. */
export async function loadDirectory(parts: DirectoryPart[] = ["agents", "teams", "tags"]): Promise<void> {
  await Promise.all(
    parts.map(async (part) => {
      const list = await (part === "agents" ? api.agents() : part === "teams" ? api.teams() : api.tags()).catch(() => null);
      if (!list) return;
      setDirectory(part, reconcile(list.items as never[], { key: "id" }));
      if (part === "agents") seedPresence(list.items as AgentEntry[]);
    }),
  );
  setDirectory("loaded", true);
}

let cannedLoading: Promise<void> | null = null;
/** Canned replies are read the first time the agent types "/" (and after edits). */
export function loadCanned(force = false): Promise<void> {
  if (!force && (directory.canned || cannedLoading)) return cannedLoading ?? Promise.resolve();
  cannedLoading = api
    .cannedReplies()
    .then((r) => void setDirectory("canned", reconcile(r.items, { key: "id" })))
    .catch(() => undefined)
    .finally(() => (cannedLoading = null));
  return cannedLoading;
}

export async function addPersonalCanned(body: CannedReplyBody): Promise<void> {
  await api.addPersonalCanned(body);
  await loadCanned(true);
}

export async function updatePersonalCanned(id: string, body: CannedReplyBody): Promise<void> {
  await api.updatePersonalCanned(id, body);
  await loadCanned(true);
}

export async function deletePersonalCanned(id: string): Promise<void> {
  await api.deletePersonalCanned(id);
  await loadCanned(true);
}

export const agentById = (id: string | null | undefined): AgentEntry | undefined => (id ? directory.agents.find((a) => a.id === id) : undefined);
export const teamById = (id: string | null | undefined): TeamEntry | undefined => (id ? directory.teams.find((t) => t.id === id) : undefined);
export const tagById = (id: string): TagEntry | undefined => directory.tags.find((t) => t.id === id);

/** Live presence (socket), falling back to what the directory said when it loaded. */
export function presenceOf(agentId: string): PresenceState {
  return realtime.agentPresence[agentId] ?? agentById(agentId)?.presence ?? "offline";
}
