#!/usr/bin/env node
import { main } from "./program.js";

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
