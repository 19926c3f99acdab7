import { formatOwner, parseOwner, type ResourceOwner } from "@ao/core";

/** Labels on every container ao makes: `list()` filters on the home's, recovery reads the owner's. */
export const LABEL = {
  home: "ao.home",
  project: "ao.project",
  session: "ao.session",
  owner: "ao.owner",
} as const;

export function labelsFor(owner: ResourceOwner): Record<string, string> {
  return {
    [LABEL.home]: owner.home,
    [LABEL.project]: owner.project,
    [LABEL.session]: owner.session,
    [LABEL.owner]: formatOwner(owner),
  };
}

/** The owner a container's labels prove, or null for a container that is not ao's. */
export function ownerFromLabels(labels: Record<string, string> | undefined): ResourceOwner | null {
  return parseOwner(labels?.[LABEL.owner] ?? null) ?? null;
}
