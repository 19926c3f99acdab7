import { lstatSync, unlinkSync } from "node:fs";
import { connect } from "node:net";
import { AoError } from "@ao/core";

/**
 * Make way for listening on `path`: a socket file nobody answers on (left by
 * a proxy that crashed) is removed; one a live process answers on, or a
 * path that is not a socket, is an error rather than stolen or deleted.
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) {
    throw new AoError({
      code: "EGRESS_SOCKET_IN_USE",
      message: `The egress proxy cannot listen on ${path}: a file that is not a socket is there.`,
      hint: "Remove the file or choose another socket path.",
    });
  }
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (live) {
    throw new AoError({
      code: "EGRESS_SOCKET_IN_USE",
      message: `The egress proxy cannot listen on ${path}: another process answers on it.`,
      hint: "Stop the other proxy (or the other ao daemon using it) or choose another socket path.",
    });
  }
  unlinkSync(path);
}
