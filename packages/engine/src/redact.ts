/** Env var names whose values are secrets and must never reach the journal or a log. */
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL/i;

/** Shorter values are too likely to appear by chance (e.g. "1", "true"). */
const MIN_SECRET_LENGTH = 6;

export const REDACTED = "[redacted]";

/**
 * The values of secret-looking variables in `env` and of the variables named
 * in `names` (whatever they are called: config `agentEnv` grants them to
 * agents), plus `extra` values; longest first, so a prefix never hides a longer one.
 */
export function secretValues(
  env: Record<string, string | undefined>,
  extra: string[] = [],
  names: readonly string[] = [],
): string[] {
  const values = new Set<string>();
  const named = new Set(names);
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= MIN_SECRET_LENGTH && (SECRET_NAME.test(name) || named.has(name)))
      values.add(value);
  }
  for (const value of extra) if (value.length >= MIN_SECRET_LENGTH) values.add(value);
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * The secrets of `env`: values of secret-looking names plus the values of the
 * variables the config names as secret (`secretEnvNames`), longest first.
 */
export function configuredSecrets(
  env: Record<string, string | undefined>,
  secretEnvNames: readonly string[] = [],
): string[] {
  return secretValues(env, [], secretEnvNames);
}

/**
 * Returns a function that masks every secret in plain text (a log line): in
 * its raw form and in its JSON-escaped form, since log lines carry JSON data.
 */
export function textRedactor(secrets: string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of ordered) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

/**
 * Returns a function that masks every secret in a serialized JSON line. It
 * matches each secret in its JSON-escaped form, so the line stays valid JSON.
 */
export function redactor(secrets: string[]): (jsonLine: string) => string {
  const escaped = secrets.map((s) => JSON.stringify(s).slice(1, -1)).filter((s) => s.length > 0);
  if (escaped.length === 0) return (line) => line;
  return (line) => {
    let out = line;
    for (const secret of escaped) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}
