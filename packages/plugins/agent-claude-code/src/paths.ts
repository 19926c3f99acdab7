import { createHash } from "node:crypto";
import { join } from "node:path";

/** Claude Code's config dir: the option, else CLAUDE_CONFIG_DIR, else `<home>/.claude`. */
export function claudeConfigDir(home: string, configDir: string | undefined, env = process.env): string {
  return configDir ?? env.CLAUDE_CONFIG_DIR ?? join(home, ".claude");
}

/**
 * The global config holding trust per project path: `.claude.json` inside a
 * custom config dir, else `~/.claude.json` (read from the CLI's own code, 2.1.197).
 */
export function claudeGlobalConfig(home: string, configDir: string | undefined, env = process.env): string {
  const dir = configDir ?? env.CLAUDE_CONFIG_DIR;
  return dir ? join(dir, ".claude.json") : join(home, ".claude.json");
}

/**
 * The transcript folder name of a working directory: every character that is
 * not an ASCII letter or digit becomes `-` (so `_`, spaces and accents too);
 * over 200 characters the name is cut and suffixed with a hash.
 */
export function projectSlug(cwd: string): string {
  const slug = cwd.replace(/[^a-zA-Z0-9]/g, "-");
  if (slug.length <= 200) return slug;
  return `${slug.slice(0, 200)}-${createHash("sha256").update(cwd).digest("hex").slice(0, 8)}`;
}

/** Where the transcripts of sessions run in `cwd` are. */
export function transcriptDir(configDir: string, cwd: string): string {
  return join(configDir, "projects", projectSlug(cwd));
}
