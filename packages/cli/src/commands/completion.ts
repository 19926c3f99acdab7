import { errors } from "@ao/core";
import { homeFor } from "../context.js";
import { journalProjects, readSessions } from "../journal.js";
import { buildProgram, type CommandRun } from "../program.js";

interface Spec {
  name: string;
  flags: string[];
  /** The command's first argument is a session id. */
  session: boolean;
}

/** Commands and their long flags, read from the command tree itself (so completion never drifts). */
function specs(): Spec[] {
  return buildProgram().commands.map((c) => ({
    name: c.name(),
    flags: [...c.options.map((o) => o.long).filter((l): l is string => Boolean(l)), "--help"],
    session: c.registeredArguments[0]?.name() === "session",
  }));
}

/** Shell code that lists ids: the scripts call back into ao, so ids are always current. */
const LIST = (what: "sessions" | "projects") => `ao completion --list ${what} 2>/dev/null`;

function bash(all: Spec[]): string {
  const cases = all.map((s) => `    ${s.name}) opts="${s.flags.join(" ")}" ;;`).join("\n");
  const withSession = all.filter((s) => s.session).map((s) => s.name);
  return `# ao bash completion: eval "$(ao completion bash)"
_ao() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${all.map((s) => s.name).join(" ")} --help --version --config" -- "$cur") )
    return
  fi
  if [ "$prev" = "--project" ]; then
    COMPREPLY=( $(compgen -W "$(${LIST("projects")})" -- "$cur") )
    return
  fi
  case "$cmd" in
    ${withSession.join("|")})
      if [ "$COMP_CWORD" -eq 2 ] && [ "\${cur#-}" = "$cur" ]; then
        COMPREPLY=( $(compgen -W "$(${LIST("sessions")})" -- "$cur") )
        return
      fi ;;
  esac
  case "$cmd" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _ao ao
`;
}

function zsh(all: Spec[]): string {
  const cases = all
    .map((s) =>
      s.session
        ? `    ${s.name}) (( CURRENT == 3 )) && compadd -- $(${LIST("sessions")}); compadd -- ${s.flags.join(" ")} ;;`
        : `    ${s.name}) compadd -- ${s.flags.join(" ")} ;;`,
    )
    .join("\n");
  return `#compdef ao
# ao zsh completion: eval "$(ao completion zsh)"
_ao() {
  if (( CURRENT == 2 )); then
    compadd -- ${all.map((s) => s.name).join(" ")}
    return
  fi
  if [[ "\${words[CURRENT-1]}" == --project ]]; then
    compadd -- $(${LIST("projects")})
    return
  fi
  case "\${words[2]}" in
${cases}
  esac
}
compdef _ao ao
`;
}

function fish(all: Spec[]): string {
  const lines = ["# ao fish completion: ao completion fish | source", "complete -c ao -f"];
  for (const s of all) {
    lines.push(`complete -c ao -n "__fish_use_subcommand" -a ${s.name}`);
    for (const f of s.flags)
      lines.push(`complete -c ao -n "__fish_seen_subcommand_from ${s.name}" -l ${f.slice(2)}`);
  }
  const withSession = all.filter((s) => s.session).map((s) => s.name);
  lines.push(
    `complete -c ao -n "__fish_seen_subcommand_from ${withSession.join(" ")}" -a "(${LIST("sessions")})"`,
  );
  lines.push(`complete -c ao -l project -x -a "(${LIST("projects")})"`);
  return `${lines.join("\n")}\n`;
}

/** Ids for the completion scripts, one per line: open sessions first, then ended ones; configured projects. */
async function listIds(what: string, options: Record<string, unknown>): Promise<string[]> {
  const { home, config } = await homeFor("completion", options);
  if (what === "projects") {
    const ids = new Set([...(config?.projects.map((p) => p.id) ?? []), ...journalProjects(home)]);
    return [...ids].sort();
  }
  if (what === "sessions") {
    const { isTerminal } = await import("@ao/core");
    const sessions = await readSessions(home);
    return [
      ...sessions.filter((s) => !isTerminal(s.state)),
      ...sessions.filter((s) => isTerminal(s.state)),
    ].map((s) => s.id);
  }
  return [];
}

/** `ao completion <bash|zsh|fish>`, or `ao completion --list sessions|projects` (what the scripts call). */
export const run: CommandRun = async ([shell], options) => {
  if (typeof options.list === "string") {
    if (options.list !== "sessions" && options.list !== "projects") {
      throw errors.usage(
        `"${options.list}" is not a list completion knows.`,
        "ao completion --list sessions | projects",
      );
    }
    // A shell asks this on every Tab: a missing or broken config lists nothing rather than erroring.
    const ids = await listIds(options.list, options).catch(() => []);
    if (ids.length > 0) process.stdout.write(`${ids.join("\n")}\n`);
    return 0;
  }
  const makers = { bash, zsh, fish } as const;
  const make = makers[shell as keyof typeof makers];
  if (!make) throw errors.usage(`"${shell}" is not a supported shell.`, "ao completion bash | zsh | fish");
  process.stdout.write(make(specs()));
  return 0;
};
