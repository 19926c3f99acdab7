#!/usr/bin/env node
import { main } from "./program.js";

// `ao events | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `internal error ${(error as Error)?.stack ?? String(error)}\nThis is a bug in ao: please report it.\n`,
    );
    process.exitCode = 1;
  },
);
