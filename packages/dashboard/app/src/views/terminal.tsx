import { useEffect, useRef, useState } from "preact/hooks";
import { mirrorInlineStyles } from "./mirror-styles.js";

type TermState = "waiting" | "loading" | "connecting" | "open" | "closed";

/** The websocket URL of a session's terminal, on the page's own origin (the cookie rides along). */
export function terminalUrl(id: string, loc: Location = location): string {
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${loc.host}/api/sessions/${encodeURIComponent(id)}/terminal`;
}

/**
 * A live terminal attached to the session's runtime. xterm is loaded only
 * here (a separate chunk), so the board's first load stays small. Output
 * arrives as frames; keystrokes go back as binary frames; a resize is a JSON text frame.
 */
export function WebTerminal({ id, live }: { id: string; live: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<TermState>(live ? "loading" : "waiting");
  const [reason, setReason] = useState("");
  const [opened, setOpened] = useState(false);
  // Bumped by "Reconnect": a fresh terminal and socket.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setOpened(false);
    // Until the runtime is up (spawning) there is nothing to attach to: the pushed state change retries.
    if (!live) {
      setState("waiting");
      return;
    }
    setState("loading");
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import("@xterm/xterm"),
        import("@xterm/addon-fit"),
        import("@xterm/xterm/css/xterm.css"),
      ]);
      if (disposed || !host.current) return;
      const term = new Terminal({
        convertEol: false,
        cursorBlink: true,
        fontSize: 13,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        screenReaderMode: false,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      const unmirror = mirrorInlineStyles(host.current);
      term.open(host.current);
      fit.fit();
      setState("connecting");
      const ws = new WebSocket(terminalUrl(id));
      ws.binaryType = "arraybuffer";
      const resize = () => {
        fit.fit();
        if (ws.readyState === WebSocket.OPEN)
          ws.send(JSON.stringify({ type: "resize", cols: term.cols, rows: term.rows }));
      };
      ws.onopen = () => {
        setState("open");
        setOpened(true);
        resize();
      };
      ws.onmessage = (e) =>
        term.write(typeof e.data === "string" ? e.data : new Uint8Array(e.data as ArrayBuffer));
      ws.onclose = (e) => {
        setState("closed");
        setReason(
          e.reason ? `closed: ${e.reason}` : e.code === 1000 ? "the session ended" : `closed (${e.code})`,
        );
      };
      // Keystrokes go as binary frames, control messages as text: a paste can never pass for a resize.
      const encoder = new TextEncoder();
      const send = (bytes: Uint8Array) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(bytes);
      };
      const typed = term.onData((data) => send(encoder.encode(data)));
      const binary = term.onBinary((data) => send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
      const observer = new ResizeObserver(() => resize());
      observer.observe(host.current);
      cleanup = () => {
        observer.disconnect();
        typed.dispose();
        binary.dispose();
        ws.close();
        term.dispose();
        unmirror();
      };
    })().catch((e: unknown) => {
      setState("closed");
      setReason(`the terminal could not load: ${String(e)}`);
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [id, attempt, live]);
  return (
    <section class="panel" aria-labelledby="term-title">
      <h2 id="term-title">
        Terminal <span class={`live-dot ${state}`}>{state === "closed" ? reason : state}</span>
      </h2>
      {state === "closed" && !opened && (
        <p class="muted small">
          No live terminal: the daemon refused to attach (the runtime may offer no live stream, or the session
          has ended). The last output below still follows the journal.
        </p>
      )}
      <div
        class={`terminal${state === "closed" && !opened ? " unattached" : ""}`}
        ref={host}
        data-terminal-state={state}
      />
      {state === "closed" && (
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          Reconnect
        </button>
      )}
    </section>
  );
}
