import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Hashed build output: its name changes with its content, so a browser may keep it for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app (issue 13 item 1; docs/web.md "First load and caching", docs/operations.md):
 * - the precompressed copies the build writes beside each file (`.br`, `.gz`; `precompress` in src/web/vite.config.ts)
 *   when the browser accepts them (br first), else the file itself, always with `Vary: Accept-Encoding`;
 * - hashed files under /assets/ with a year-long immutable Cache-Control; everything else (index.html,
 *   the SPA fallback in http/errors.ts) keeps the `no-store` of every page (security-headers.ts, checklist T3);
 * - only files that exist in the build (routes made at start-up, no wildcard), so no path reaches
 *   outside `webRoot`; the `.br` / `.gz` copies are not addresses of their own.
 */
export async function registerStaticWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    globIgnore: ['**/*.br', '**/*.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, file) => {
      res.setHeader('vary', 'accept-encoding');
      if (file.startsWith(path.join(webRoot, 'assets') + path.sep)) res.setHeader('cache-control', IMMUTABLE);
    },
  });
}
