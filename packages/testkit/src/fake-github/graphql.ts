import {
  type ASTNode,
  BREAK,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  buildClientSchema,
  execute,
  parse,
  validate,
  visit,
} from "graphql";
import { type FakeContext, permissionOf } from "./context.js";
import { GitHubGraphqlError, notFoundNode } from "./graphql-errors.js";
import { mutationRoot } from "./graphql-mutations.js";
import { actor, nodeById, repositoryNode } from "./graphql-nodes.js";
import type { ApiRequest, ApiResponse } from "./http.js";
import type { RateBudgets } from "./rate-limit.js";
import { iso } from "./state.js";

/** POST /graphql: every document is validated against GitHub's public schema, then executed over the fake's state. */

let schemaPromise: Promise<GraphQLSchema> | undefined;

/** GitHub's schema, parsed once per process (the SDL is large). */
function githubSchema(): Promise<GraphQLSchema> {
  // The introspection JSON, as the package's own validator uses: its SDL repeats some fields.
  schemaPromise ??= import("@octokit/graphql-schema").then((m) => buildClientSchema(m.schema.json as never));
  return schemaPromise;
}

/** Where a node sits in the document, as GitHub reports it: `["query Name", "repository", "nope"]`. */
function documentPath(doc: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let found: string[] | undefined;
  visit(doc, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      const names: string[] = [];
      for (const a of [...(ancestors as ASTNode[]), node]) {
        if (a.kind === Kind.OPERATION_DEFINITION)
          names.push([a.operation, a.name?.value].filter(Boolean).join(" "));
        else if (a.kind === Kind.FIELD) names.push(a.name.value);
      }
      found = names;
      return BREAK;
    },
  });
  return found;
}

/** GitHub's wording for an unknown field, with the document path it reports. */
function formatValidation(doc: DocumentNode, e: GraphQLError): Record<string, unknown> {
  const m = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(e.message);
  const path = documentPath(doc, e.nodes?.[0]);
  const out: Record<string, unknown> = {
    ...(path ? { path } : {}),
    message: e.message,
    locations: e.locations,
  };
  if (m) {
    out.message = `Field '${m[1]}' doesn't exist on type '${m[2]}'`;
    out.extensions = { code: "undefinedField", typeName: m[2], fieldName: m[1] };
  }
  return out;
}

function formatExecution(e: GraphQLError): Record<string, unknown> {
  const gh = e.originalError instanceof GitHubGraphqlError ? e.originalError : null;
  return { ...(gh ? { type: gh.type } : {}), path: e.path, locations: e.locations, message: e.message };
}

/** GitHub's point formula: connection requests (parents' page sizes multiplied) / 100, at least 1. */
export function queryCost(
  doc: DocumentNode,
  op: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const pageSize = (f: FieldNode): number | null => {
    for (const a of f.arguments ?? []) {
      if (a.name.value !== "first" && a.name.value !== "last") continue;
      if (a.value.kind === Kind.INT) return Number(a.value.value);
      if (a.value.kind === Kind.VARIABLE) return Number(variables[a.value.name.value] ?? 0);
    }
    return null;
  };
  let requests = 0;
  const walk = (set: SelectionSetNode | undefined, multiplier: number, seen: Set<string>): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const n = pageSize(s);
        if (n !== null) {
          requests += multiplier;
          walk(s.selectionSet, multiplier * Math.max(1, n), seen);
        } else walk(s.selectionSet, multiplier, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, multiplier, seen);
      else if (!seen.has(s.name.value))
        walk(fragments.get(s.name.value)?.selectionSet, multiplier, new Set([...seen, s.name.value]));
    }
  };
  walk(op.selectionSet, 1, new Set());
  return op.operation === "mutation" ? 1 : Math.max(1, Math.round(requests / 100));
}

export function graphqlHandler(ctx: FakeContext, budgets: RateBudgets) {
  return async (req: ApiRequest): Promise<ApiResponse> => {
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof body.query !== "string") {
      return { status: 400, body: { message: "A query attribute must be specified and must be a string." } };
    }
    if (req.login === null) {
      return {
        status: 401,
        body: {
          message: "This endpoint requires you to be authenticated.",
          documentation_url:
            "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
        },
      };
    }
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<
      string,
      unknown
    >;
    const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
    let doc: DocumentNode;
    try {
      doc = parse(body.query);
    } catch (error) {
      const e = error as GraphQLError;
      return { status: 200, body: { errors: [{ message: e.message, locations: e.locations }] } };
    }
    const ops = doc.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const op = ops.find((o) => o.name?.value === operationName) ?? ops[0];
    const opName = op?.name?.value ?? operationName;
    const schema = await githubSchema();
    const invalid = validate(schema, doc);
    if (invalid.length > 0 || !op) {
      return {
        status: 200,
        body: { errors: invalid.map((e) => formatValidation(doc, e)) },
        graphqlOperation: opName,
      };
    }
    const cost = queryCost(doc, op, variables);
    const login = req.login;
    const rateLimit = () => {
      const v = budgets.view(login, "graphql");
      return {
        cost,
        limit: v.limit,
        remaining: Math.max(0, v.remaining - cost),
        used: v.used + cost,
        resetAt: iso(v.reset * 1000),
        nodeCount: 0,
      };
    };
    const rootValue = {
      rateLimit,
      viewer: () => actor(ctx, login),
      node: ({ id }: { id: string }) => nodeById(ctx, id),
      repository: async ({ owner, name }: { owner: string; name: string }) => {
        const repo = ctx.world.findRepo(owner, name);
        if (!repo || (repo.private && permissionOf(ctx, repo, login) === "none")) {
          throw notFoundNode(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
        }
        await ctx.syncRefs(repo);
        return repositoryNode(ctx, repo);
      },
      ...(op.operation === "mutation" ? mutationRoot(ctx, login) : {}),
    };
    const result = await execute({
      schema,
      document: doc,
      rootValue,
      variableValues: variables,
      operationName,
    });
    const out: Record<string, unknown> = { data: result.data ?? null };
    if (result.errors?.length) out.errors = result.errors.map(formatExecution);
    return { status: 200, body: out, cost, graphqlOperation: opName };
  };
}
