import {
  type AoConfig,
  isDuration,
  NOTIFICATION_PRIORITIES,
  parseDuration,
  projectKeyProblem,
  REACTION_KEYS,
} from "@ao/core";
import { DEFAULT_SLOTS } from "./normalize.js";
import { notifierNames } from "./notifier-names.js";
import { closest, configSchema, formatPath } from "./schema.js";

const SLOT_KEYS = ["runtime", "agent", "workspace", "tracker", "scm", "notifiers", "terminal", "lifecycle"];
const INTAKE_KEYS = ["auto", "labels", "maxConcurrent", "assignee", "milestone"];
const AGENT_KEYS = ["agentEnv", "agentRules", "agentRulesFile", "agentPermissions", "budget"];
const REACTION_FIELDS = ["auto", "action", "retries", "escalateAfter", "threshold", "message", "priority"];

/** The keys allowed in the object at `path`, for "did you mean" hints. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const [first, second] = path;
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (first === "defaults" && path.length === 1) return [...SLOT_KEYS, ...AGENT_KEYS];
  if (first === "projects" && path.length === 2)
    return [...SLOT_KEYS, "repo", "path", "defaultBranch", "intake", ...AGENT_KEYS];
  if (path.at(-1) === "budget") return ["sessionUsd", "projectUsd"];
  if (first === "projects" && path[2] === "intake") return INTAKE_KEYS;
  if (first === "intake") return INTAKE_KEYS;
  if (first === "reactions" && second === undefined) return [...REACTION_KEYS, "routeUntrustedComments"];
  if (first === "reactions") return REACTION_FIELDS;
  if (first === "server") return ["port", "host"];
  if (first === "webhooks") return ["resync"];
  if (first === "notificationRouting") return [...NOTIFICATION_PRIORITIES];
  return [];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/**
 * Every problem in a loaded config, each as
 * `path.to.key: what is wrong — what to write instead`. Empty when valid.
 */
export function validateConfig(value: unknown): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [
      "(config): the default export is not a config object — write `export default defineConfig({ projects: { ... } })`",
    ];
  }
  const problems: string[] = [];
  const result = configSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        const known = knownKeysAt(issue.path);
        for (const key of issue.keys) {
          const near = closest(key, known);
          const fix = near ? `did you mean "${near}"?` : `remove it (known keys: ${known.join(", ")})`;
          problems.push(`${formatPath([...issue.path, key])}: unknown key — ${fix}`);
        }
      } else if (issue.code === "invalid_type" && valueAt(value, issue.path) === undefined) {
        problems.push(`${formatPath(issue.path)}: is missing — ${issue.message.split(" — ")[1] ?? "add it"}`);
      } else {
        problems.push(`${formatPath(issue.path)}: ${issue.message}`);
      }
    }
  }
  const config = value as Partial<AoConfig>;
  if (config.projects && typeof config.projects === "object" && Object.keys(config.projects).length === 0) {
    problems.push(
      'projects: has no project — add one, e.g. projects: { app: { repo: "owner/app", path: "." } }',
    );
  }
  for (const id of Object.keys(config.projects ?? {})) {
    // The key names a directory and goes into runtime names: no `/`, `..` or characters they cannot hold.
    const problem = projectKeyProblem(id);
    if (problem) {
      problems.push(
        `projects.${JSON.stringify(id).slice(1, -1)}: is not a valid project key (it ${problem}) — write a key like "my-app"`,
      );
    }
  }
  if (
    ((typeof config.pollInterval === "number" &&
      Number.isFinite(config.pollInterval) &&
      config.pollInterval >= 0) ||
      (typeof config.pollInterval === "string" && isDuration(config.pollInterval))) &&
    parseDuration(config.pollInterval) < 100
  ) {
    problems.push('pollInterval: is below the 100 ms minimum — write pollInterval: "100ms" or more');
  }
  const resync = config.webhooks?.resync;
  const validDuration = (v: unknown): v is string | number =>
    (typeof v === "number" && Number.isFinite(v) && v >= 0) || (typeof v === "string" && isDuration(v));
  if (validDuration(resync)) {
    const poll = validDuration(config.pollInterval) ? parseDuration(config.pollInterval) : 30_000;
    if (parseDuration(resync) < poll)
      problems.push(
        'webhooks.resync: is shorter than pollInterval — write a longer duration, e.g. webhooks: { resync: "10m" }',
      );
  }
  problems.push(...routingProblems(config));
  return problems;
}

/** Every name `notificationRouting` uses must be a notifier instance of the defaults or a project. */
function routingProblems(config: Partial<AoConfig>): string[] {
  const routing = config.notificationRouting;
  if (!routing || typeof routing !== "object") return [];
  const known = new Set(notifierNames(config.defaults?.notifiers ?? DEFAULT_SLOTS.notifiers));
  for (const p of Object.values(config.projects ?? {}))
    for (const n of notifierNames(p?.notifiers)) known.add(n);
  const choices = [...known].map((n) => `"${n}"`).join(", ") || "(none)";
  const problems: string[] = [];
  for (const [priority, names] of Object.entries(routing)) {
    if (!Array.isArray(names)) continue;
    names.forEach((name, i) => {
      if (typeof name === "string" && !known.has(name)) {
        const near = closest(name, [...known]);
        problems.push(
          `notificationRouting.${priority}[${i}]: no notifier is named "${name}" — ${near ? `did you mean "${near}"? ` : ""}the notifiers are ${choices} (name them with notifiers: { ${name}: "console" })`,
        );
      }
    });
  }
  return problems;
}
