// The app's routes as config. The app shell (session, workspace socket, toasts) and the inbox load eagerly;
// the settings area, reports, the wallboard, campaigns, the invitation and password reset pages, login and the dev phone load on demand.
// `/c/:id` and `/` share one inbox instance, so opening a conversation never remounts the list.
import type { RouteDefinition } from "@solidjs/router";
import { lazy } from "solid-js";
import { getMe } from "./data/session";
import AppShell from "./pages/AppShell";
import InboxPage from "./pages/InboxPage";

export const routes: RouteDefinition[] = [
  { path: "/login", component: lazy(() => import("./pages/LoginPage")) },
  { path: ["/invite/:token", "/reset/:token"], component: lazy(() => import("./pages/InvitePage")) },
  { path: "/dev/phone", component: lazy(() => import("./pages/DevPhonePage")) },
  {
    path: "/",
    component: AppShell,
    preload: () => void getMe(),
    children: [
      { path: ["/", "/c/:id"], component: InboxPage },
      { path: "/settings/:section?", component: lazy(() => import("./pages/settings/SettingsPage")) },
      { path: "/reports", component: lazy(() => import("./pages/reports/ReportsPage")) },
      { path: "/wallboard", component: lazy(() => import("./pages/reports/WallboardPage")) },
      { path: "/campaigns", component: lazy(() => import("./pages/campaigns/CampaignsPage")) },
    ],
  },
  { path: "*", component: lazy(() => import("./pages/NotFoundPage")) },
];
