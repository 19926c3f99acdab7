/**
 * The in-container relay: `node egress-relay.mjs <proxy socket> [port]`.
 * A container with network `none` still has its own loopback. Most tools
 * speak to a proxy over TCP (`HTTPS_PROXY=http://127.0.0.1:3128`), so this
 * listens on 127.0.0.1:<port> inside the container and pipes each
 * connection to the egress proxy's unix socket, mounted from the host. It
 * decides nothing: the proxy on the host does. Node builtins only, so it runs
 * alone in any image that has node (mount it as a `.mjs` file).
 */
import { connect, createServer } from "node:net";

const [socketPath, portArg = "3128"] = process.argv.slice(2);
if (!socketPath) {
  process.stderr.write("usage: node egress-relay.mjs <proxy socket> [port, default 3128; 0 picks one]\n");
  process.exit(2);
}

const server = createServer((client) => {
  const proxy = connect(socketPath);
  client.pipe(proxy);
  proxy.pipe(client);
  const end = () => {
    client.destroy();
    proxy.destroy();
  };
  client.once("error", end);
  proxy.once("error", end);
  client.once("close", end);
  proxy.once("close", end);
});
server.on("error", (err) => {
  process.stderr.write(`egress relay: ${err.message}\n`);
  process.exit(1);
});
server.listen(Number(portArg), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : portArg;
  // One line a starter can wait for: the relay is ready when it is printed.
  process.stdout.write(`egress relay listening on 127.0.0.1:${port}\n`);
});
