// Desktop notifications and a soft chime (opt-in, persisted) for conversations newly assigned to this agent,
// new customer messages in their own conversations while the tab is in the background, mentions and returns.
import { createSignal } from "solid-js";
import type { ConversationSummary } from "../../../shared/model";
import { onLiveRows } from "./realtime";

const STORAGE_KEY = "colmena.notifications";
const stored = (() => {
  try {
    return localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false;
  }
})();
const [enabled, setEnabledSignal] = createSignal(stored && typeof Notification !== "undefined" && Notification.permission === "granted");
const [blocked, setBlocked] = createSignal(typeof Notification !== "undefined" && Notification.permission === "denied");
export { blocked as notificationsBlocked, enabled as notificationsEnabled };

export async function setNotificationsEnabled(on: boolean): Promise<void> {
  if (on && typeof Notification !== "undefined" && Notification.permission !== "granted") {
    const permission = await Notification.requestPermission();
    setBlocked(permission === "denied");
    if (permission !== "granted") on = false;
  }
  setEnabledSignal(on);
  try {
    localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    /* ignore */
  }
}

let audio: AudioContext | null = null;
function chime(): void {
  try {
    audio ??= new AudioContext();
    const t0 = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.12, t0 + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.12 + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + i * 0.12);
      osc.stop(t0 + i * 0.12 + 0.4);
    }
  } catch {
    /* audio unavailable */
  }
}

/** A desktop notification (and the chime) when the agent turned them on; silently nothing otherwise. */
export function notifyDesktop(title: string, body: string, tag: string, onClick: () => void): void {
  if (!enabled() || typeof Notification === "undefined") return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
    chime();
  } catch {
    /* some browsers only allow notifications from a service worker */
  }
}

export interface NotifyContext {
  meId: () => string | undefined;
  /** Conversations this agent just claimed here: no alert for one's own action. */
  claimedHere: (id: string) => boolean;
  openId: () => string | undefined;
  title: (row: ConversationSummary) => string;
  onClick: (id: string) => void;
}

/** Starts watching live list changes; returns the stop function. */
export function watchForAlerts(ctx: NotifyContext, text: { assigned: (name: string) => string; message: (name: string) => string }): () => void {
  return onLiveRows((changes) => {
    if (!enabled()) return;
    const me = ctx.meId();
    for (const { before, after } of changes) {
      if (!me || after.assigneeId !== me) continue;
      const newlyMine = before?.assigneeId !== me && !ctx.claimedHere(after.id);
      const newInbound =
        !newlyMine && after.lastMessageDirection === "in" && (after.lastMessageAt ?? 0) > (before?.lastMessageAt ?? 0) && (document.hidden || ctx.openId() !== after.id);
      if (!newlyMine && !newInbound) continue;
      const body = after.lastMessagePreview ?? "";
      const n = new Notification(newlyMine ? text.assigned(ctx.title(after)) : text.message(ctx.title(after)), { body, tag: after.id });
      n.onclick = () => {
        window.focus();
        ctx.onClick(after.id);
        n.close();
      };
      chime();
    }
  });
}
