// The settings area (loaded on demand): a section list on the left (tabs on a phone) and one section at a time.
// Sections appear by role — agents: canned replies, templates and their own API tokens; supervisors also the live
// team view, tags, and read-only rules, teams and settings; admins everything — so nobody sees a button the API
// would refuse.
import { A, Navigate, useParams } from "@solidjs/router";
import { For, type JSX, lazy, Match, Show, Suspense, Switch } from "solid-js";
import type { Role } from "../../../../shared/model";
import { Icon, type IconName } from "../../components/Icon";
import { t } from "../../i18n";
import { type OnDemandKey, tl } from "../../i18n/on-demand";
import "../../styles/settings.css";
import { useMe } from "../session";

interface Section {
  id: string;
  label: OnDemandKey;
  icon: IconName;
  roles: Role[];
  view: () => JSX.Element;
}

const TeamView = lazy(() => import("./TeamView"));
const PeopleSection = lazy(() => import("./PeopleSection"));
const TeamsSection = lazy(() => import("./TeamsSection"));
const RulesSection = lazy(() => import("./RulesSection"));
const TagsSection = lazy(() => import("./TagsSection"));
const CannedSection = lazy(() => import("./CannedSection"));
const TemplatesSection = lazy(() => import("./TemplatesSection"));
const WorkspaceSection = lazy(() => import("./WorkspaceSection"));
const TokensSection = lazy(() => import("./TokensSection"));
const KnowledgeSection = lazy(() => import("./KnowledgeSection"));
const ServiceSection = lazy(() => import("./ServiceSection"));
const ContactImportSection = lazy(() => import("./ContactImportSection"));
const ChannelsSection = lazy(() => import("./ChannelsSection"));
const AuditSection = lazy(() => import("./AuditSection"));

const SECTIONS: Section[] = [
  { id: "team", label: "nav.team", icon: "users", roles: ["admin", "supervisor"], view: () => <TeamView /> },
  { id: "people", label: "nav.people", icon: "user", roles: ["admin"], view: () => <PeopleSection /> },
  { id: "teams", label: "nav.teams", icon: "inbox", roles: ["admin", "supervisor"], view: () => <TeamsSection /> },
  { id: "rules", label: "nav.rules", icon: "transfer", roles: ["admin", "supervisor"], view: () => <RulesSection /> },
  { id: "tags", label: "nav.tags", icon: "tag", roles: ["admin", "supervisor"], view: () => <TagsSection /> },
  { id: "import", label: "nav.import", icon: "download", roles: ["admin", "supervisor"], view: () => <ContactImportSection /> },
  { id: "canned", label: "nav.canned", icon: "note", roles: ["admin", "supervisor", "agent"], view: () => <CannedSection /> },
  { id: "templates", label: "nav.templates", icon: "file", roles: ["admin", "supervisor", "agent"], view: () => <TemplatesSection /> },
  { id: "workspace", label: "nav.workspace", icon: "gear", roles: ["admin", "supervisor"], view: () => <WorkspaceSection /> },
  { id: "channels", label: "nav.channels", icon: "phone", roles: ["admin", "supervisor"], view: () => <ChannelsSection /> },
  { id: "knowledge", label: "nav.knowledge", icon: "info", roles: ["admin"], view: () => <KnowledgeSection /> },
  { id: "service", label: "nav.service", icon: "chart", roles: ["admin"], view: () => <ServiceSection /> },
  { id: "audit", label: "nav.audit", icon: "eye", roles: ["admin"], view: () => <AuditSection /> },
  { id: "tokens", label: "nav.tokens", icon: "key", roles: ["admin", "supervisor", "agent"], view: () => <TokensSection /> },
];

export default function SettingsPage(): JSX.Element {
  const me = useMe();
  const params = useParams<{ section?: string }>();
  const mine = SECTIONS.filter((s) => s.roles.includes(me.agent.role));
  const current = () => mine.find((s) => s.id === params.section);
  return (
    <Show when={params.section} fallback={<Navigate href={`/settings/${mine[0]!.id}`} />}>
      <div class="settings">
        <nav class="settings-nav" aria-label={tl("nav.label")}>
          <A href="/" end class="settings-back">
            <Icon name="back" size={16} />
            {tl("nav.back")}
          </A>
          <div class="settings-title">{tl("nav.label")}</div>
          <ul role="list">
            <For each={mine}>
              {(s) => (
                <li>
                  <A href={`/settings/${s.id}`} class="settings-link" activeClass="is-active" aria-current={params.section === s.id ? "page" : undefined}>
                    <Icon name={s.icon} size={16} />
                    {tl(s.label)}
                  </A>
                </li>
              )}
            </For>
          </ul>
        </nav>
        <main class="settings-main">
          <Suspense fallback={<p class="muted" role="status">{t("app.loading")}</p>}>
            <Switch fallback={<p class="empty-line">{tl("nav.notAllowed")}</p>}>
              <Match when={current()} keyed>
                {(s) => s.view()}
              </Match>
            </Switch>
          </Suspense>
        </main>
      </div>
    </Show>
  );
}
