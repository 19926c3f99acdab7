import { PassThrough } from "node:stream";
import type { ExecResult } from "@ao/core";
import type Docker from "dockerode";

/** Run argv in the container as `user`, without a TTY, and collect its output and exit code. */
export async function execIn(docker: Docker, id: string, argv: string[], user: string): Promise<ExecResult> {
  const exec = await docker.getContainer(id).exec({
    Cmd: argv,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    User: user,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on("data", (b: Buffer) => out.push(b));
  const stderr = new PassThrough().on("data", (b: Buffer) => err.push(b));
  docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", reject);
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? -1,
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
  };
}
