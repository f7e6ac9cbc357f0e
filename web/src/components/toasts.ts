// Toasts: short-lived messages in a corner (a mention, a conversation sent back to the queue, an action that
// failed far from where the agent is looking). View state only; the Toasts component renders them.
import { createSignal } from "solid-js";

export interface Toast {
  id: number;
  title: string;
  body?: string;
  tone?: "info" | "warn" | "error";
  action?: { label: string; run: () => void };
}

const [toasts, setToasts] = createSignal<Toast[]>([]);
export { toasts };
let next = 1;
const TTL_MS = 9000;

export function showToast(toast: Omit<Toast, "id">, ttl = TTL_MS): number {
  const id = next++;
  setToasts((list) => [...list.slice(-3), { ...toast, id }]);
  setTimeout(() => dismissToast(id), ttl);
  return id;
}

export function dismissToast(id: number): void {
  setToasts((list) => list.filter((t) => t.id !== id));
}
