// The signed-in person for every page under the app shell (who, which role, which workspace), as context.
import { createContext, useContext } from "solid-js";
import type { Me } from "../data/types";

export const MeContext = createContext<Me>();

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe() outside the app shell");
  return me;
}

export const isSupervisorRole = (me: Me) => me.agent.role === "admin" || me.agent.role === "supervisor";
