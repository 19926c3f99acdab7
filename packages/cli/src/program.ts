import { Command, CommanderError, Option } from "commander";
import { guardAgentCommand } from "./agent-identity.js";
import { cliVersion } from "./plugins/locate.js";

/** What a command module exports: run with its positional arguments and options. */
export type CommandRun = (
  args: string[],
  options: Record<string, unknown>,
  name: string,
) => Promise<number | undefined>;
type Loader = () => Promise<{ run: CommandRun }>;

let jsonRequested = false;

function wire(command: Command, load: Loader): Command {
  return command.action(async (...params: unknown[]) => {
    const cmd = params.at(-1) as Command;
    const options = cmd.optsWithGlobals() as Record<string, unknown>;
    jsonRequested = options.json === true;
    const args = params
      .slice(0, -2)
      .flatMap((a) => (Array.isArray(a) ? (a as string[]) : a === undefined ? [] : [a as string]));
    guardAgentCommand(cmd.name());
    const { run } = await load();
    process.exitCode = (await run(args, options, cmd.name())) ?? 0;
  });
}

const json = () => new Option("--json", "print JSON only on stdout");
const project = () =>
  new Option(
    "-p, --project <id>",
    "the project (default: the only one, or the one whose path holds the cwd)",
  );

/** Build the `ao` command tree; every command's code is imported only when it runs. */
export function buildProgram(): Command {
  const program = new Command("ao")
    .description("Run a fleet of AI coding agents, one per issue, from issue to merged PR.")
    .version(cliVersion(), "-v, --version", "print the version")
    .option("-c, --config <path>", "the config file (default: nearest ao.config.ts; or AO_CONFIG)")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();

  wire(
    program
      .command("init")
      .description("write ao.config.ts for the repository in this directory")
      .option("-y, --yes", "accept every default, ask nothing")
      .option("--force", "overwrite an existing config"),
    () => import("./commands/init.js"),
  );
  wire(
    program
      .command("start [target]")
      .description(
        "run the daemon: intake, lifecycle loop, HTTP API (target: a repo path or git URL without a config)",
      )
      .option("-d, --detach", "run in the background and return once it listens")
      .option("-y, --yes", "run a cloned repository's ao.config.ts without asking (git URL targets)")
      .option("--port <port>", "override server.port (0 = any free port)")
      .addOption(json()),
    () => import("./commands/start.js"),
  );
  wire(
    program
      .command("login-url")
      .description("print a fresh one-time browser login URL of the running daemon")
      .addOption(json()),
    () => import("./commands/login-url.js"),
  );
  wire(
    program
      .command("dashboard [session]")
      .description("print a fresh one-time login URL of the dashboard (on the session's page when named)")
      .addOption(json()),
    () => import("./commands/dashboard.js"),
  );
  wire(program.command("stop").description("stop the running daemon"), () => import("./commands/stop.js"));
  wire(
    program
      .command("service <action>")
      .description("install | uninstall | status: run the daemon under systemd (Linux) or launchd (macOS)")
      .option("--dry-run", "print the unit file instead of installing it")
      .option("--print", "same as --dry-run")
      .addOption(json()),
    () => import("./commands/service.js"),
  );
  wire(
    program
      .command("spawn [issues...]")
      .description("start a session per issue, or one on a free-form prompt")
      .option("--prompt <text>", "a free-form task instead of an issue")
      .option("--agent <name>", "run this agent plugin instead of the project's (kept for the session)")
      .addOption(project())
      .addOption(json()),
    () => import("./commands/spawn.js"),
  );
  wire(
    program
      .command("status")
      .description("every session (finished ones included), read from the journal")
      .option("--refresh", "ask the daemon for one observation first")
      .option("-w, --watch", "redraw whenever a journal changes, until Ctrl-C (JSON Lines with --json)")
      .option(
        "--why <session>",
        "the evidence behind one session's state: activity, its source and age, cost",
      )
      .addOption(project())
      .addOption(json()),
    () => import("./commands/status.js"),
  );
  wire(
    program
      .command("send <session> [message...]")
      .description("send a message to a session's agent (words, --file, or stdin)")
      .option("-f, --file <path>", "read the message from a file (- = stdin)")
      .addOption(json()),
    () => import("./commands/send.js"),
  );
  wire(
    program
      .command("attach <session>")
      .description("show a session with the project's terminal (argv here, a browser page, or an iTerm2 tab)")
      .option("--web", "open (or print) the session's dashboard page instead"),
    () => import("./commands/attach.js"),
  );
  wire(
    program
      .command("open <session>")
      .description("open (or print) the session's dashboard page: ao attach --web"),
    async () => {
      const { run } = await import("./commands/attach.js");
      return { run: (args, options, name) => run(args, { ...options, web: true }, name) };
    },
  );
  wire(
    program
      .command("logs <session>")
      .description("the agent's recent output")
      .option("-n, --lines <n>", "how many lines", "100"),
    () => import("./commands/logs.js"),
  );
  wire(
    program
      .command("events [session]")
      .description("the journal timeline (of every session, or one)")
      .option("-f, --follow", "keep printing new events")
      .addOption(project())
      .addOption(json()),
    () => import("./commands/events.js"),
  );
  wire(
    program
      .command("review <session>")
      .description("review a session's PR")
      .option("--approve", "approve it")
      .option("--request-changes <message>", "request changes")
      .option("--comment <message>", "comment")
      .addOption(json()),
    () => import("./commands/review.js"),
  );
  for (const [name, what] of [
    ["merge", "merge a session's PR"],
    ["kill", "stop a session (its runtime and workspace are cleaned up)"],
    ["restore", "bring a stuck, errored or exited session back"],
  ] as const) {
    wire(
      program.command(`${name} <session>`).description(what).addOption(json()),
      () => import("./commands/act.js"),
    );
  }
  wire(
    program
      .command("claim-pr <pr> [session]")
      .description("attach an existing PR to a session (a new one when none is given)")
      .addOption(project())
      .addOption(json()),
    () => import("./commands/claim-pr.js"),
  );
  wire(
    program
      .command("report <state>")
      .description("for an agent inside a session: working | needs_input | blocked | done")
      .option("--session <id>", "the session (default: AO_SESSION_ID)")
      .addOption(json()),
    () => import("./commands/report.js"),
  );
  wire(
    program
      .command("cleanup")
      .description("remove runtimes and workspaces no live session owns")
      .option("--dry-run", "only list them")
      .addOption(json()),
    () => import("./commands/cleanup.js"),
  );
  wire(
    program
      .command("doctor")
      .description("check git, tmux, node, tokens, project paths, plugins and agent CLIs; each with a fix")
      .option("--strict", "fail on warnings too (e.g. an agent CLI that is not installed)")
      .option("--test-notify", "send a test notification through every configured notifier")
      .addOption(json()),
    () => import("./commands/doctor.js"),
  );
  wire(
    program
      .command("plugins")
      .description("what each slot resolved to, per project")
      .addOption(project())
      .addOption(json()),
    () => import("./commands/plugins.js"),
  );
  wire(
    program
      .command("completion [shell]")
      .description(
        "print a completion script for bash, zsh or fish (it completes session and project ids too)",
      )
      .addOption(new Option("--list <what>", "print session or project ids, for the scripts").hideHelp()),
    () => import("./commands/completion.js"),
  );
  wire(
    program
      .command("demo")
      .description("run the whole loop offline on a throw-away repo")
      .option("--keep", "keep the throw-away repo and print its path")
      .option("--runtime <name>", "tmux or process (default: tmux when installed)")
      .option("--timeout <seconds>", "give up after this many seconds", "120")
      .addOption(json()),
    () => import("./commands/demo.js"),
  );
  return program;
}

/** Run `ao` and return its exit code: 0 ok, 1 failure, 2 usage error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = 0;
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version"].includes(error.code)) return 0;
      if (error.code === "commander.executeSubCommandAsync") return error.exitCode;
      return 2;
    }
    const { reportError } = await import("./output.js");
    return reportError(error, jsonRequested);
  }
}
