// Routing rules: what an admin writes ("if the message mentions 'factura', send it to Cobranza") and the pure
// matcher the workspace object runs on every new or reopened conversation. Shared with the inbox's rule editor.
import { normalizeText } from "./text-fold";
import { RE2JS } from "re2js";
import type { Priority } from "./model";

/** Every present condition must hold (AND); an empty rule matches everything. */
export interface RuleConditions {
  /** The message contains any of these words (case- and accent-insensitive). */
  textContains?: string[];
  /** The message matches this regular expression (case-insensitive; RE2 syntax: no lookaround, no backreferences). */
  textMatches?: string;
  channelIds?: string[];
  /** The contact has any of these tags. */
  contactTagIds?: string[];
  /** A contact attribute equals a value (e.g. plan = premium). */
  contactAttribute?: { key: string; equals: string };
  /** The customer's phone starts with one of these prefixes ("+34", "+57"). */
  phonePrefixes?: string[];
  /** The conversation came from a Click-to-WhatsApp ad (optionally one of these ad source ids). */
  fromAd?: boolean;
  adSourceIds?: string[];
}

export interface RuleActions {
  teamId?: string;
  assigneeId?: string;
  tagIds?: string[];
  priority?: Priority;
}

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
}

/** What is known about a conversation when it is routed. */
export interface RoutingFacts {
  text: string | null;
  channelId: string;
  phone: string | null;
  contactTagIds: string[];
  contactAttributes: Record<string, string>;
  referral: { sourceId?: string } | null;
}


// Admins' patterns run inside the workspace object on every routed conversation. A native RegExp backtracks (one
// `(a+)+$` against a long message would stall the whole workspace, and a synchronous match cannot be interrupted
// in workerd), so patterns run on RE2 (re2js), which matches in time linear in the text whatever the pattern.
const compiled = new Map<string, RE2JS | null>();
const MAX_COMPILED = 500;

/** The admin's pattern compiled for linear-time matching, or null when it is not a valid RE2 pattern. */
export function compileRulePattern(source: string): RE2JS | null {
  if (compiled.has(source)) return compiled.get(source)!;
  let pattern: RE2JS | null;
  try {
    pattern = RE2JS.compile(RE2JS.translateRegExp(source), RE2JS.CASE_INSENSITIVE);
  } catch {
    pattern = null;
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(source, pattern);
  return pattern;
}

export function ruleMatches(conditions: RuleConditions, facts: RoutingFacts): boolean {
  const text = normalizeText(facts.text ?? "");
  if (conditions.textContains?.length && !conditions.textContains.some((w) => w.trim() && text.includes(normalizeText(w.trim())))) return false;
  if (conditions.textMatches) {
    const re = compileRulePattern(conditions.textMatches);
    if (!re || !re.test(facts.text ?? "")) return false;
  }
  if (conditions.channelIds?.length && !conditions.channelIds.includes(facts.channelId)) return false;
  if (conditions.contactTagIds?.length && !conditions.contactTagIds.some((t) => facts.contactTagIds.includes(t))) return false;
  if (conditions.contactAttribute && facts.contactAttributes[conditions.contactAttribute.key] !== conditions.contactAttribute.equals) return false;
  if (conditions.phonePrefixes?.length) {
    const phone = (facts.phone ?? "").replace(/[^\d+]/g, "");
    const normalized = phone.startsWith("+") ? phone : `+${phone}`;
    if (!conditions.phonePrefixes.some((p) => normalized.startsWith(p.startsWith("+") ? p : `+${p}`))) return false;
  }
  if (conditions.fromAd !== undefined && conditions.fromAd !== (facts.referral !== null)) return false;
  if (conditions.adSourceIds?.length && !conditions.adSourceIds.includes(facts.referral?.sourceId ?? "")) return false;
  return true;
}

/** The first enabled rule (by position) whose conditions hold, or null. */
export function firstMatchingRule(rules: RoutingRule[], facts: RoutingFacts): RoutingRule | null {
  return [...rules].sort((a, b) => a.position - b.position).find((r) => r.enabled && ruleMatches(r.conditions, facts)) ?? null;
}
