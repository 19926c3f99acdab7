import { errors } from "@ao/core";
import { buildProgram, type CommandRun } from "../program.js";

interface Spec {
  name: string;
  flags: string[];
}

/** Commands and their long flags, read from the command tree itself (so completion never drifts). */
function specs(): Spec[] {
  return buildProgram().commands.map((c) => ({
    name: c.name(),
    flags: [...c.options.map((o) => o.long).filter((l): l is string => Boolean(l)), "--help"],
  }));
}

function bash(all: Spec[]): string {
  const cases = all.map((s) => `    ${s.name}) opts="${s.flags.join(" ")}" ;;`).join("\n");
  return `# ao bash completion: eval "$(ao completion bash)"
_ao() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="\${COMP_WORDS[1]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${all.map((s) => s.name).join(" ")} --help --version --config" -- "$cur") )
    return
  fi
  case "$cmd" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}
complete -F _ao ao
`;
}

function zsh(all: Spec[]): string {
  const cases = all.map((s) => `    ${s.name}) compadd -- ${s.flags.join(" ")} ;;`).join("\n");
  return `#compdef ao
# ao zsh completion: eval "$(ao completion zsh)"
_ao() {
  if (( CURRENT == 2 )); then
    compadd -- ${all.map((s) => s.name).join(" ")}
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
  return `${lines.join("\n")}\n`;
}

/** `ao completion <bash|zsh|fish>`. */
export const run: CommandRun = async ([shell]) => {
  const makers = { bash, zsh, fish } as const;
  const make = makers[shell as keyof typeof makers];
  if (!make) throw errors.usage(`"${shell}" is not a supported shell.`, "ao completion bash | zsh | fish");
  process.stdout.write(make(specs()));
  return 0;
};
