import { useEffect, useState } from "preact/hooks";
import { useBoard } from "./lib/board-store.js";
import { showNeedsHuman } from "./lib/favicon.js";
import { useRoute } from "./lib/router.js";
import { Board } from "./views/board.js";
import { Link } from "./views/link.js";
import { PrsPage } from "./views/prs-page.js";
import { SessionPage } from "./views/session-page.js";

/** A clock for "5m ago" labels: it re-renders ages, it never asks the daemon anything. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

const CONNECTION_LABEL = {
  loading: "connecting",
  live: "live",
  reconnecting: "reconnecting",
  login: "signed out",
  error: "error",
} as const;

export function App() {
  const route = useRoute();
  const board = useBoard();
  const now = useNow();
  const page =
    route.name === "prs"
      ? "Pull requests"
      : route.name === "session"
        ? route.id
        : route.name === "board" && route.project
          ? route.project
          : "Board";
  useEffect(() => showNeedsHuman(board.needsHuman, page), [board.needsHuman, page]);
  // Moving between pages moves focus to the new page's heading, as a page load would.
  useEffect(() => {
    document.querySelector<HTMLElement>("main h1")?.focus();
  }, [route.name, route.name === "session" ? route.id : ""]);

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          ao
        </Link>
        <nav aria-label="Main">
          <Link href="/" current={route.name === "board" && !route.project}>
            Board
            {board.needsHuman > 0 && (
              <span class="pill">
                {board.needsHuman}
                <span class="sr-only"> need you</span>
              </span>
            )}
          </Link>
          <Link href="/prs" current={route.name === "prs"}>
            PRs
          </Link>
        </nav>
        <output class={`live-dot ${board.connection}`}>{CONNECTION_LABEL[board.connection]}</output>
      </header>
      <main id="main">
        {board.connection === "login" ? (
          <section class="panel">
            <h1 tabIndex={-1}>Sign in</h1>
            <p>
              This browser is not signed in to the daemon. Run <code>ao login-url</code> and open the link it
              prints (it works once, for ten minutes).
            </p>
          </section>
        ) : board.connection === "error" ? (
          <section class="panel">
            <h1 tabIndex={-1}>The dashboard cannot load</h1>
            <p class="error">{board.problem}</p>
          </section>
        ) : route.name === "board" ? (
          <Board sessions={board.sessions} projects={board.projects} project={route.project} now={now} />
        ) : route.name === "prs" ? (
          <PrsPage />
        ) : route.name === "session" ? (
          <SessionPage
            id={route.id}
            session={board.sessions.find((s) => s.id === route.id)}
            loaded={board.connection !== "loading"}
            now={now}
          />
        ) : (
          <section>
            <h1 tabIndex={-1}>Not found</h1>
            <p>
              No page at <code>{route.path}</code>. <Link href="/">Back to the board</Link>
            </p>
          </section>
        )}
      </main>
    </>
  );
}
