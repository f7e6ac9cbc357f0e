// The handful of line icons the inbox uses, as inline SVG (no icon font, no requests).
// Decorative by default (aria-hidden); buttons that hold only an icon carry their own aria-label.
import type { JSX } from "solid-js";

const PATHS = {
  inbox: "M4 13h4l2 3h4l2-3h4M5.5 5h13L21 13v6H3v-6z",
  bot: "M6 8h12a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2zM12 8V4m-3 9h.01M15 13h.01M9 16.5h6",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 8a7 7 0 0 1 14 0",
  users: "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20a6.5 6.5 0 0 1 13 0M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.5a6.5 6.5 0 0 1 3.5 5.5",
  circleDashed: "M12 3a9 9 0 0 1 0 18M12 3a9 9 0 0 0 0 18",
  search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zm10 3-5-5",
  back: "M15 5l-7 7 7 7",
  info: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-11v6m0-9v.01",
  close: "M6 6l12 12M18 6 6 18",
  send: "M4 12 20 4l-4 16-4-7zM12 13l8-9",
  note: "M5 4h10l4 4v12H5zM14 4v5h5M8 13h8M8 17h5",
  clock: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm0-13v5l3 2",
  check: "M4 12.5l5 5L20 6.5",
  alert: "M12 3 2 20h20zM12 10v4m0 3v.01",
  pin: "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zm0-9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
  file: "M6 3h8l5 5v13H6zM14 3v5h5",
  download: "M12 4v11m-5-5 5 5 5-5M5 20h14",
  keyboard: "M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M7 14h10",
  bell: "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zm4 4h4",
  logout: "M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10",
  menu: "M4 7h16M4 12h16M4 17h16",
  retry: "M4 12a8 8 0 0 1 14-5.3M20 4v4h-4M20 12a8 8 0 0 1-14 5.3M4 20v-4h4",
  globe: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 3 2.5 15 0 18M12 3c-2.5 3-2.5 15 0 18",
  flag: "M5 21V4m0 0h11l-2 4 2 4H5",
  hand: "M8 13V5.5a1.5 1.5 0 0 1 3 0V11m0-6.5a1.5 1.5 0 0 1 3 0V11m0-5a1.5 1.5 0 0 1 3 0v7.5A7.5 7.5 0 0 1 9.5 21 5.5 5.5 0 0 1 5 18l-2.3-4a1.5 1.5 0 0 1 2.5-1.6L8 15",
  phone: "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z",
  tag: "M3 12V4h8l10 10-8 8zM7.5 8.5h.01",
  transfer: "M4 8h14m-4-4 4 4-4 4M20 16H6m4-4-4 4 4 4",
  release: "M14 4h5v16h-5M4 12h11m-4-4 4 4-4 4",
  snooze: "M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16zm0-12v4l2.5 1.5M5 3 2 6m17-3 3 3",
  clip: "M20 11.5 12 19.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7",
  gear: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.5 7.5 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.5 7.5 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z",
  plus: "M12 5v14M5 12h14",
  edit: "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
  trash: "M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13",
  up: "M12 19V5m-6 6 6-6 6 6",
  down: "M12 5v14m-6-6 6 6 6-6",
  chevron: "M6 9l6 6 6-6",
  merge: "M6 3v6a6 6 0 0 0 6 6h6m-4-4 4 4-4 4M6 21v-6",
  copy: "M8 8h12v12H8zM4 16V4h12",
  key: "M15.5 13a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM12.3 11.7 3 21m3-3 2.5 2.5M9 15l2 2",
  chart: "M4 20h16M7 16v-4m5 4V7m5 9v-6",
  eye: "M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon(props: { name: IconName; size?: number; class?: string; title?: string }): JSX.Element {
  return (
    <svg
      class={`icon ${props.class ?? ""}`}
      width={props.size ?? 18}
      height={props.size ?? 18}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden={props.title ? undefined : "true"}
      role={props.title ? "img" : undefined}
    >
      {props.title && <title>{props.title}</title>}
      <path d={PATHS[props.name]} />
    </svg>
  );
}
