import { type createPublicKey, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import type { FakeContext } from "./context.js";
import { HttpError, type Router } from "./http.js";
import { iso } from "./state.js";

/** GitHub Apps: a JWT signed with the app's key mints hour-long installation tokens. */

export interface FakeApp {
  appId: number;
  slug: string;
  /** PEM private key, as GitHub hands it out once. */
  privateKey: string;
  installationId: number;
}

interface AppRecord {
  id: number;
  slug: string;
  publicKey: ReturnType<typeof createPublicKey>;
  installationId: number;
}

export interface TokenEntry {
  login: string;
  scopes?: string[];
  /** Epoch ms after which the token is refused (installation tokens). */
  expiresAt?: number;
}

export class AppRegistry {
  private readonly apps = new Map<number, AppRecord>();

  constructor(
    private readonly ctx: FakeContext,
    private readonly tokens: Record<string, TokenEntry>,
  ) {}

  create(slug: string): FakeApp {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const id = this.ctx.world.newId();
    const installationId = this.ctx.world.newId();
    this.apps.set(id, { id, slug, publicKey, installationId });
    this.ctx.knownLogins.add(`${slug}[bot]`);
    return {
      appId: id,
      slug,
      installationId,
      privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    };
  }

  /** The app a `Bearer <JWT>` authenticates, or a 401 with GitHub's wording. */
  appForJwt(jwt: string): AppRecord {
    const [h, p, s] = jwt.split(".");
    let payload: { iss?: unknown; exp?: unknown; iat?: unknown };
    try {
      payload = JSON.parse(Buffer.from(p ?? "", "base64url").toString("utf8"));
      JSON.parse(Buffer.from(h ?? "", "base64url").toString("utf8"));
    } catch {
      throw new HttpError(401, "A JSON web token could not be decoded");
    }
    const app = this.apps.get(Number(payload.iss));
    if (!app || !s) throw new HttpError(401, "A JSON web token could not be decoded");
    const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), app.publicKey, Buffer.from(s, "base64url"));
    if (!ok) throw new HttpError(401, "A JSON web token could not be decoded");
    const now = Math.floor(this.ctx.world.now() / 1000);
    if (typeof payload.exp !== "number" || payload.exp <= now) {
      throw new HttpError(
        401,
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      );
    }
    if (payload.exp > now + 600 + 60)
      throw new HttpError(401, "'Expiration time' claim ('exp') is too far in the future");
    return app;
  }

  routes(router: Router): void {
    router.on("POST", "/app/installations/:id/access_tokens", (req, params) => {
      const auth = String(req.headers.authorization ?? "");
      const jwt = /^bearer\s+(\S+)$/i.exec(auth)?.[1];
      if (!jwt) throw new HttpError(401, "A JSON web token could not be decoded");
      const app = this.appForJwt(jwt);
      if (Number(params.id) !== app.installationId) throw new HttpError(404, "Not Found");
      const token = `ghs_${randomBytes(18).toString("base64url")}`;
      const expiresAt = this.ctx.world.now() + 3_600_000;
      this.tokens[token] = { login: `${app.slug}[bot]`, expiresAt };
      return {
        status: 201,
        body: {
          token,
          expires_at: iso(expiresAt),
          permissions: { contents: "write", pull_requests: "write", issues: "write" },
          repository_selection: "all",
        },
      };
    });
  }

  /** Whether a request carries an app JWT (such requests are authenticated by the route). */
  static isJwt(token: string): boolean {
    return token.split(".").length === 3 && token.startsWith("ey");
  }
}
