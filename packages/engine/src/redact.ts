/** Env var names whose values are secrets and must never reach the journal or a log. */
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL/i;

/** Shorter values are too likely to appear by chance (e.g. "1", "true"). */
const MIN_SECRET_LENGTH = 6;

export const REDACTED = "[redacted]";

/**
 * Secret values learned at run time (`PluginHost.secret`: a token a plugin got from a credential
 * helper, not from a variable). Process-wide, and read by every redactor at each call, so the
 * ones built before a secret was learned mask it too.
 */
const learned: string[] = [];

/** Mask `value` from now on in every redactor of this process (too short a value is ignored). */
export function learnSecret(value: string): void {
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH || learned.includes(v)) return;
  learned.push(v);
  learned.sort((a, b) => b.length - a.length);
}

/** Replace every occurrence of each form (longest first) with REDACTED. */
function mask(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** The JSON-escaped form of a value (what it looks like inside a JSON string). */
const escaped = (value: string) => JSON.stringify(value).slice(1, -1);

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
 * Secrets learned later (`learnSecret`) are masked too.
 */
export function textRedactor(secrets: string[]): (text: string) => string {
  const forms = (values: readonly string[]) => {
    const all = new Set<string>();
    for (const v of values) {
      all.add(v);
      all.add(escaped(v));
    }
    return [...all].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  };
  const own = forms(secrets);
  return (text) => mask(mask(text, own), forms(learned));
}

/**
 * Returns a function that masks every secret in a serialized JSON line. It
 * matches each secret in its JSON-escaped form, so the line stays valid JSON.
 * Secrets learned later (`learnSecret`) are masked too.
 */
export function redactor(secrets: string[]): (jsonLine: string) => string {
  const own = secrets.map(escaped).filter((s) => s.length > 0);
  return (line) => mask(mask(line, own), learned.map(escaped));
}
