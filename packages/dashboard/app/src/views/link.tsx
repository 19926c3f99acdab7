import type { ComponentChildren } from "preact";
import { onLinkClick } from "../lib/router.js";

/** An in-app link: a real `<a href>` (keyboard, new tab) that navigates without a reload. */
export function Link(props: {
  href: string;
  class?: string;
  children: ComponentChildren;
  current?: boolean;
}) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => onLinkClick(e, props.href)}
    >
      {props.children}
    </a>
  );
}

/** A status as colour and words, never colour alone. */
export function Badge(props: { tone: string; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge tone-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}
