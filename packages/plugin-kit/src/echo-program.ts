/**
 * The program the runtime contract runs as its agent: it prints every stdin
 * line as `echo:` plus the line JSON-encoded, so a delivered message can be
 * told apart from the terminal echoing what was typed. The prefix is built at
 * run time so that the command line itself never contains it.
 */
export const ECHO_SCRIPT =
  'const p=["ec","ho:"].join("");require("readline").createInterface({input:process.stdin}).on("line",(l)=>console.log(p+JSON.stringify(l)))';

/** argv that runs {@link ECHO_SCRIPT} with this Node binary (use another interpreter for runtimes without Node). */
export function echoCommand(node: string = process.execPath): string[] {
  return [node, "-e", ECHO_SCRIPT];
}

/** The encoding {@link ECHO_SCRIPT} uses, for fakes that emulate it. */
export function echoLine(line: string): string {
  return `echo:${JSON.stringify(line)}`;
}

/** The lines an echo program received, decoded from its output, in order. */
export function echoedLines(output: string): string[] {
  const lines: string[] = [];
  for (const raw of output.split("\n")) {
    const match = /^echo:(".*")\s*$/.exec(raw);
    if (!match?.[1]) continue;
    try {
      lines.push(JSON.parse(match[1]) as string);
    } catch {
      // A line that merely looks like one (e.g. a wrapped command line) is not an echo.
    }
  }
  return lines;
}
