import { INestApplication, Logger } from '@nestjs/common';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where `vite build` puts the console (dist/apps/web), seen from this file both when it runs
 * from source (libs/platform/http/src) and when it runs compiled (dist/libs/platform/http/src).
 */
export function defaultConsoleDirectory(): string | null {
  const up = resolve(__dirname, '..', '..', '..', '..');
  // run from dist/, `up` is dist/; run from the sources, it is the repository (whose apps/web holds
  // Vite's unbuilt index.html: a build is the folder with the hashed assets next to its index.html)
  const candidates = [join(up, 'apps', 'web'), join(up, 'dist', 'apps', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets'))) ?? null;
}

/** The API's own space: never answered by the console, so a 404 there stays the API's JSON 404. */
function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Serves the web console at `/`: hashed assets cached for a year, index.html never cached, and
 * index.html for every other GET outside /api (the SPA's client-side routes such as /rules/3).
 * Plain middleware, not a Nest route, so route guards and the route inventory do not see it.
 * Without a console build, nothing is served and that is logged once.
 */
export function serveConsole(app: INestApplication, dir: string | null = defaultConsoleDirectory()): void {
  const logger = new Logger('Console');
  if (!dir) {
    logger.log('no console build found (run `npm run build`); / is not served');
    return;
  }
  const indexHtml = join(dir, 'index.html');
  const assets = serveStatic(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      // Vite names assets by content hash, so they never change under the same URL
      const hashed = file.startsWith(join(dir, 'assets'));
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isApiPath(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    assets(req, res, () => {
      // a missing file (name.ext) is a 404, not the SPA: a stale asset URL must not get HTML;
      // a dotted UID in a client-side route (/instances/1.2.840.10008) is not a file name
      if (/\.[a-z][a-z0-9]*$/i.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml, (err) => {
        if (err) next(err);
      });
    });
  });
  logger.log(`console served at / from ${dir}`);
}
