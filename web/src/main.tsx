// Entry point of the inbox: mounts the router (routes are config, see routes.ts) and the stylesheet.
// Only the inbox is in the first bundle; login and the dev phone load on demand.
import { Router } from "@solidjs/router";
import { render } from "solid-js/web";
import { locale } from "./i18n";
import { routes } from "./routes";
import "./styles/app.css";

document.documentElement.lang = locale();
render(() => <Router>{routes}</Router>, document.getElementById("root")!);
