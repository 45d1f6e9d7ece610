import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ApiExceptionFilter } from './api-exception.filter';
import { API_PREFIX } from './configure-http-app';
import { serveConsole } from './serve-console';

describe('serveConsole', () => {
  let dir: string;
  let app: INestApplication;

  async function appWith(consoleDir: string | null): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({}).compile();
    const created = moduleRef.createNestApplication({ logger: false });
    created.setGlobalPrefix(API_PREFIX);
    created.useGlobalFilters(new ApiExceptionFilter());
    serveConsole(created, consoleDir);
    await created.init();
    return created;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'axiom-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = await appWith(dir);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching', async () => {
    const res = await request(app.getHttpServer()).get('/').expect(200);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('answers a client-side route with index.html (the SPA fallback)', async () => {
    const res = await request(app.getHttpServer()).get('/instances/42').set('Accept', 'text/html').expect(200);
    expect(res.text).toContain('<div id="root">');
    const dotted = await request(app.getHttpServer()).get('/instances/1.2.840.10008.5.1').expect(200);
    expect(dotted.text).toContain('<div id="root">');
  });

  it('serves hashed assets with a long cache, other files without', async () => {
    const asset = await request(app.getHttpServer()).get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(app.getHttpServer()).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('never shadows the API: an unknown /api/v1 path stays a JSON 404', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/no-such-route').set('Accept', 'text/html').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.code).toBe('not_found');
    await request(app.getHttpServer()).get('/api').expect(404);
  });

  it('answers a missing asset with a 404, not with the page', async () => {
    const res = await request(app.getHttpServer()).get('/assets/gone-old.js').expect(404);
    expect(res.text).not.toContain('<div id="root">');
  });

  it('does not answer other methods with the page', async () => {
    await request(app.getHttpServer()).post('/instances').expect(404);
  });

  it('serves nothing when there is no console build', async () => {
    const bare = await appWith(null);
    try {
      await request(bare.getHttpServer()).get('/').expect(404);
    } finally {
      await bare.close();
    }
  });
});
