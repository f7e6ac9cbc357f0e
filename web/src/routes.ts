// The app's routes as config: the inbox (list + open conversation) loads eagerly, every other page lazily.
// `/c/:id` and `/` share one inbox instance, so opening a conversation never remounts the list.
import type { RouteDefinition } from "@solidjs/router";
import { lazy } from "solid-js";
import { getMe } from "./data/session";
import InboxPage from "./pages/InboxPage";

export const routes: RouteDefinition[] = [
  { path: "/login", component: lazy(() => import("./pages/LoginPage")) },
  { path: "/dev/phone", component: lazy(() => import("./pages/DevPhonePage")) },
  { path: ["/", "/c/:id"], component: InboxPage, preload: () => void getMe() },
  { path: "*", component: lazy(() => import("./pages/NotFoundPage")) },
];
