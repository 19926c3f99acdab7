/**
 * The daemon's stdout and stderr end up in `daemon.log` (`ao start --detach`)
 * or the service manager's log, and carry plugin messages and stack traces
 * that may quote a secret. Every write is masked like the journal is.
 */

type Write = typeof process.stdout.write;

/** Route every write to stdout and stderr through `redact`, including a crash's stack. Returns the undo. */
export function redactProcessOutput(redact: (text: string) => string): () => void {
  const originals: Array<[NodeJS.WriteStream, Write]> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    originals.push([stream, original]);
    stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text =
        typeof chunk === "string"
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString("utf8")
            : String(chunk);
      return (original as (...args: unknown[]) => boolean).call(this, redact(text), ...rest);
    } as Write;
  }
  // Node prints an uncaught error's stack straight to the file descriptor, past the
  // hooks above: print it here instead, masked, and exit as Node would have.
  const fatal = (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    process.stderr.write(`fatal: ${text}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  return () => {
    for (const [stream, original] of originals) stream.write = original;
    process.off("uncaughtException", fatal);
    process.off("unhandledRejection", fatal);
  };
}
