import { useEffect, useState } from "preact/hooks";

/** The app's routes: the board (all projects or one), the PR list, a session page. */
export type Route =
  | { name: "board"; project?: string }
  | { name: "prs" }
  | { name: "session"; id: string }
  | { name: "not-found"; path: string };

/** Parse a pathname; segments are decoded once and never interpreted as markup. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (parts.length === 0) return { name: "board" };
  if (parts.length === 1 && parts[0] === "prs") return { name: "prs" };
  if (parts.length === 2 && parts[0] === "projects")
    return { name: "board", project: decode(parts[1] as string) };
  if (parts.length === 2 && parts[0] === "sessions")
    return { name: "session", id: decode(parts[1] as string) };
  return { name: "not-found", path: pathname };
}

const listeners = new Set<() => void>();

/** Go to a path of the app without a page load. */
export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, "", path);
  for (const l of listeners) l();
}

/** The current route, re-rendered on navigation and on back/forward. */
export function useRoute(): Route {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", update);
    };
  }, []);
  return parseRoute(path);
}

/** A click on an in-app link: handled here unless the user asked for a new tab. */
export function onLinkClick(e: MouseEvent, path: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}
