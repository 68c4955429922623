import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { databaseTargets, type Session, signUp, startApi, type TestApi } from '../../test/support.js';

for (const target of databaseTargets) {
  describe(`workspaces API on ${target.name}`, () => {
    let api: TestApi;
    let me: Session;
    before(async () => {
      api = await startApi(target.url);
      me = await signUp(api, 'Acme 华东');
    });
    after(() => api.close());

    test('the creator owns a new workspace with China defaults', async () => {
      const res = await me.request({ method: 'GET', url: '/api/v1/workspace' });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'Acme 华东');
      assert.equal(res.body.role, 'owner');
      assert.equal(res.body.timezone, 'Asia/Shanghai');
      assert.equal(res.body.currency, 'CNY');
      assert.equal(res.body.phoneRegion, 'CN');
      assert.equal(res.headers.etag, '"1"');
    });

    test('without the CLM-Workspace header the first workspace is used', async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { authorization: `Bearer ${me.token}` },
      });
      assert.equal(res.json().id, me.workspaceId);
    });

    test('PATCH validates every field and needs If-Match', async () => {
      const bad = await me.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        payload: { timezone: 'Mars/Olympus', currency: 'yuan', id: 'x' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
        'body.currency',
        'body.id',
        'body.timezone',
      ]);
      const missing = await me.request({ method: 'PATCH', url: '/api/v1/workspace', payload: { name: 'X' } });
      assert.equal(missing.status, 428);
      const ok = await me.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        payload: { timezone: 'Europe/London', phoneRegion: 'GB' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.timezone, 'Europe/London');
      const stale = await me.request({
        method: 'PATCH',
        url: '/api/v1/workspace',
        payload: { name: 'Y' },
        headers: { 'if-match': '"1"' },
      });
      assert.equal(stale.status, 412);
    });

    test('a malformed CLM-Workspace header is a 400 naming the header', async () => {
      const res = await me.request({
        method: 'GET',
        url: '/api/v1/workspace',
        headers: { 'clm-workspace': 'nope' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].path, 'headers.clm-workspace');
    });

    test('health needs no token and names the database', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/health' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().database, target.name);
      assert.equal(res.json().status, 'ok');
    });

    test('the interactive API docs are served without a token', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/docs' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /swagger/i);
    });

    test('the OpenAPI document describes the customer routes', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/api/v1/customers'].post);
      assert.ok(doc.paths['/api/v1/customers/{id}'].patch);
      // Error answers are problem+json whose field errors carry a stable code beside the message.
      const fieldError = doc.components.schemas.Problem.properties.errors.items;
      assert.deepEqual(fieldError.required.sort(), ['code', 'message', 'path']);
      assert.match(fieldError.properties.code.description, /invalid_phone/);
      assert.equal(
        doc.paths['/api/v1/customers'].post.responses['4XX'].content['application/problem+json'].schema.$ref,
        '#/components/schemas/Problem',
      );
    });
  });
}
