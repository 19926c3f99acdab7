import { request } from "node:http";
import { connect } from "node:net";

/** An HTTP response as the tests look at it. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request through node:http, which (unlike fetch) lets a test set Host and
 * Origin the way a DNS-rebinding page or another site would.
 */
export function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (d) => {
        text += String(d);
        // An event stream never ends: its first bytes are enough.
        if (String(res.headers["content-type"]).startsWith("text/event-stream")) req.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      res.on("end", done);
      res.on("close", done);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Write raw bytes to the server and return everything it answers before closing (or going quiet). */
export function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setTimeout(3000, () => socket.destroy());
    socket.on("data", (d) => {
      answer += String(d);
      // One full response is enough; keep-alive would hold the socket open.
      if (/\r\n\r\n/.test(answer)) socket.end();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve(answer));
    socket.write(text);
  });
}
