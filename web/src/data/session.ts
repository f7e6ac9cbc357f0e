// Who is logged in: the `me` query (null when the session is missing), log in and log out as router actions.
// The workspace's time zone and the agent's id come from here.
import { action, json, query, revalidate } from "@solidjs/router";
import { ApiError, api } from "./api";
import type { Me } from "./types";

export const getMe = query(async (): Promise<Me | null> => {
  try {
    return await api.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}, "me");

export const loginAction = action(async (email: string, password: string) => {
  const result = await api.login(email, password);
  // A new session must never see the previous agent's cached data.
  query.clear();
  return json(result, { revalidate: getMe.key });
}, "login");

export const logoutAction = action(async () => {
  await api.logout().catch(() => undefined);
  query.clear();
  await revalidate(getMe.key);
  location.assign("/login");
}, "logout");
