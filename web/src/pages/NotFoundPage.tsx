// Unknown addresses go back to the inbox.
import { Navigate } from "@solidjs/router";
import type { JSX } from "solid-js";

export default function NotFoundPage(): JSX.Element {
  return <Navigate href="/" />;
}
