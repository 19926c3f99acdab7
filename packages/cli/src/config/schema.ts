import {
  AGENT_PERMISSIONS,
  type AgentPermissions,
  isDuration,
  isPluginInstance,
  NOTIFICATION_PRIORITIES,
  REACTION_KEYS,
} from "@ao/core";
import { z } from "zod";

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(config)";
}

function isSlotValue(value: unknown): boolean {
  if (typeof value === "string") return value.trim().length > 0;
  if (isPluginInstance(value)) return true;
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === "string" &&
    value[0].length > 0 &&
    typeof value[1] === "object" &&
    value[1] !== null &&
    !Array.isArray(value[1])
  );
}

const slotValue = (slot: string) =>
  z.custom(isSlotValue, {
    error: `is not ${/^[aeiou]/.test(slot) ? "an" : "a"} ${slot} plugin — write a name ("tmux"), a package ("@acme/ao-${slot}-x"), a tuple ["name", { ...options }], or an imported factory call`,
  });

const duration = (example: string) =>
  z.custom(
    (v) =>
      (typeof v === "number" && Number.isFinite(v) && v >= 0) || (typeof v === "string" && isDuration(v)),
    {
      error: `is not a duration — write a number with a unit, e.g. "${example}"`,
    },
  );

const intake = z.strictObject({
  assignee: z.string({ error: 'must be a login — write assignee: "octocat"' }).min(1).optional(),
  milestone: z.string({ error: 'must be a milestone title — write milestone: "v2"' }).min(1).optional(),
  auto: z.boolean({ error: "must be true or false — write auto: true" }).optional(),
  labels: z
    .array(z.string(), { error: 'must be a list of label names — write labels: ["agent"]' })
    .optional(),
  maxConcurrent: z
    .number({ error: "must be a whole number >= 1 — write maxConcurrent: 3" })
    .int({ error: "must be a whole number >= 1 — write maxConcurrent: 3" })
    .min(1, { error: "must be a whole number >= 1 — write maxConcurrent: 3" })
    .optional(),
});

const slots = {
  runtime: slotValue("runtime").optional(),
  agent: slotValue("agent").optional(),
  workspace: slotValue("workspace").optional(),
  tracker: slotValue("tracker").optional(),
  scm: slotValue("scm").optional(),
  notifiers: z
    .union(
      [
        z.array(slotValue("notifier")),
        z.record(z.string().regex(/^[A-Za-z0-9][\w.-]*$/), slotValue("notifier")),
      ],
      {
        error:
          'must be a list or named instances — write notifiers: ["desktop"] or notifiers: { oncall: ["slack", { ... }], log: "console" }',
      },
    )
    .optional(),
  terminal: slotValue("terminal").optional(),
  lifecycle: slotValue("lifecycle").optional(),
};

const agentEnv = z
  .array(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      error: 'holds a name that is not an environment variable — write agentEnv: ["GITHUB_TOKEN"]',
    }),
    { error: 'must be a list of variable names — write agentEnv: ["GITHUB_TOKEN"]' },
  )
  .optional();

const usd = (example: string) =>
  z
    .number({ error: `must be an amount in USD — write ${example}` })
    .positive({ error: `must be more than 0 — write ${example}` })
    .optional();

/** What `defaults` and each project may say about their agents (core's ProjectDefaults). */
const agentFields = {
  agentEnv,
  agentRules: z
    .string({ error: 'must be text — write agentRules: "Run pnpm test before committing."' })
    .optional(),
  agentRulesFile: z
    .string({ error: 'must be a path in the repository — write agentRulesFile: "AGENTS.md"' })
    .min(1, { error: 'must be a path in the repository — write agentRulesFile: "AGENTS.md"' })
    .refine((v) => !v.startsWith("/") && !v.split(/[\\/]/).includes(".."), {
      error: 'must be a path inside the repository — write agentRulesFile: "AGENTS.md"',
    })
    .optional(),
  agentPermissions: z
    .enum(AGENT_PERMISSIONS as [AgentPermissions, ...AgentPermissions[]], {
      error: `is not a permissions mode — write one of ${AGENT_PERMISSIONS.map((m) => `"${m}"`).join(", ")}`,
    })
    .optional(),
  budget: z
    .strictObject(
      { sessionUsd: usd("sessionUsd: 5"), projectUsd: usd("projectUsd: 100") },
      { error: "must be an object — write budget: { sessionUsd: 5, projectUsd: 100 }" },
    )
    .optional(),
  orchestrator: z
    .strictObject(
      {
        enabled: z.boolean({ error: "must be true or false — write enabled: true" }).optional(),
        agent: slotValue("agent").optional(),
        runtime: slotValue("runtime").optional(),
        rules: z.string({ error: 'must be text — write rules: "Spawn at most two workers."' }).optional(),
      },
      { error: 'must be an object — write orchestrator: { enabled: true, agent: "claude-code" }' },
    )
    .optional(),
};

const price = (what: string) =>
  z
    .number({ error: `must be USD per million ${what} tokens — write 3` })
    .nonnegative({ error: `must be USD per million ${what} tokens — write 3` });

const pricing = z.record(
  z.string(),
  z.strictObject(
    {
      input: price("input"),
      output: price("output"),
      cacheRead: price("cache-read").optional(),
      cacheWrite: price("cache-write").optional(),
    },
    { error: 'must be a price — write "my-model": { input: 3, output: 15 } (USD per million tokens)' },
  ),
  { error: 'must be an object of prices — write pricing: { "my-model": { input: 3, output: 15 } }' },
);

const nonEmpty = (what: string, example: string) =>
  z
    .string({ error: `must be ${what} — write ${example}` })
    .min(1, { error: `must be ${what} — write ${example}` });

const project = z.strictObject({
  ...slots,
  repo: nonEmpty("what the SCM understands", 'repo: "owner/name" (or a bare repository path for scm-local)'),
  path: nonEmpty("the path of the local checkout", 'path: "~/code/app"'),
  defaultBranch: nonEmpty("a branch name", 'defaultBranch: "main"').optional(),
  intake: intake.optional(),
  ...agentFields,
});

const reaction = z.strictObject({
  auto: z.boolean({ error: "must be true or false" }).optional(),
  action: z
    .enum(["send-to-agent", "notify", "merge", "restore"], {
      error: 'is not an action — write one of "send-to-agent", "notify", "merge", "restore"',
    })
    .optional(),
  retries: z.number({ error: "must be a count — write retries: 2" }).int().nonnegative().optional(),
  escalateAfter: z
    .custom(
      (v) =>
        (typeof v === "number" && Number.isInteger(v) && v >= 0) ||
        (typeof v === "string" && (isDuration(v) || /^\d+$/.test(v))),
      { error: 'must be a duration or a count — write escalateAfter: "30m" or escalateAfter: 3' },
    )
    .optional(),
  threshold: duration("10m").optional(),
  message: z.string({ error: "must be a message template (a string)" }).optional(),
  priority: z
    .enum(NOTIFICATION_PRIORITIES, {
      error: `is not a priority — write one of ${NOTIFICATION_PRIORITIES.map((p) => `"${p}"`).join(", ")}`,
    })
    .optional(),
});

const routing = z.strictObject(
  Object.fromEntries(
    NOTIFICATION_PRIORITIES.map((p) => [
      p,
      z
        .array(z.string(), { error: `must be a list of notifier names — write ${p}: ["oncall", "log"]` })
        .optional(),
    ]),
  ),
  { error: 'must be an object of priorities — write notificationRouting: { urgent: ["oncall"] }' },
);

const reactions = z.strictObject({
  ...Object.fromEntries(REACTION_KEYS.map((key) => [key, reaction.optional()])),
  routeUntrustedComments: z.boolean({ error: "must be true or false" }).optional(),
});

/** The zod schema of `ao.config.ts` (the types are core's `AoConfig`). */
export const configSchema = z.strictObject({
  dataDir: nonEmpty("a directory", 'dataDir: "~/.ao"').optional(),
  defaults: z.strictObject({ ...slots, ...agentFields }).optional(),
  projects: z.record(z.string(), project, {
    error:
      'must be an object of projects — write projects: { app: { repo: "owner/app", path: "~/code/app" } }',
  }),
  intake: intake.optional(),
  reactions: reactions.optional(),
  notificationRouting: routing.optional(),
  pricing: pricing.optional(),
  pollInterval: duration("30s").optional(),
  webhooks: z.strictObject({ resync: duration("10m").optional() }).optional(),
  server: z
    .strictObject({
      port: z
        .number({ error: "must be a port number — write port: 3000 (or 0 for any free port)" })
        .int({ error: "must be a port number — write port: 3000 (or 0 for any free port)" })
        .min(0, { error: "must be a port number — write port: 3000 (or 0 for any free port)" })
        .max(65535, { error: "must be a port number — write port: 3000 (or 0 for any free port)" })
        .optional(),
      host: nonEmpty("a host name or address", 'host: "127.0.0.1"').optional(),
      allowRemote: z
        .boolean({ error: "must be true or false — write allowRemote: true to serve a non-loopback host" })
        .optional(),
      publicUrl: z
        .string({ error: 'must be a URL — write publicUrl: "https://ao.example.com"' })
        .refine((v) => /^https?:\/\/[^/\s]+\/?$/.test(v), {
          error: 'must be an http(s) origin with no path — write publicUrl: "https://ao.example.com"',
        })
        .optional(),
    })
    .optional(),
});

export { closest } from "../did-you-mean.js";
