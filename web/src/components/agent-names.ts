// Names of teammates, learned from what the API tells us (conversation owners, activity lines, presence),
// because list rows only carry an `assigneeId` (see the report: the API should add `assigneeName`).
import { createStore } from "solid-js/store";

const [names, setNames] = createStore<Record<string, string>>({});

export function rememberAgent(id: string | null | undefined, name: string | null | undefined): void {
  if (id && name && names[id] !== name) setNames(id, name);
}

export function agentName(id: string | null | undefined): string | undefined {
  return id ? names[id] : undefined;
}
