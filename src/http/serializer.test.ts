import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { responseSerializer } from './serializer.js';

test('only declared fields are written, nested ones too', () => {
  const write = responseSerializer({
    schema: z.object({
      id: z.string(),
      owner: z.object({ name: z.string() }).nullable(),
      tags: z.array(z.string()),
    }),
  });
  const row = { id: 'c1', owner: { name: 'Li', password_hash: 'x' }, tags: ['vip'], workspace_id: 'w' };
  assert.equal(write(row), '{"id":"c1","owner":{"name":"Li"},"tags":["vip"]}');
  assert.equal(write({ id: 'c2', owner: null, tags: [] }), '{"id":"c2","owner":null,"tags":[]}');
});

test('open records keep their keys and values', () => {
  const write = responseSerializer({ schema: z.object({ custom: z.record(z.string(), z.unknown()) }) });
  assert.equal(write({ custom: { 等级: 'A', n: 2 } }), '{"custom":{"等级":"A","n":2}}');
});

test('nullable objects, arrays, enums and dates are written or null, extra fields left out', () => {
  const write = responseSerializer({
    schema: z.object({
      owner: z.object({ name: z.string() }).nullable(),
      tags: z.array(z.string()).nullable(),
      level: z.enum(['low', 'high']).nullable(),
      at: z.iso.datetime().nullable(),
    }),
  });
  assert.equal(
    write({ owner: { name: 'Li', secret: 1 }, tags: ['a'], level: 'low', at: '2026-01-05T08:00:00.000Z' }),
    '{"owner":{"name":"Li"},"tags":["a"],"level":"low","at":"2026-01-05T08:00:00.000Z"}',
  );
  assert.equal(
    write({ owner: null, tags: null, level: null, at: null }),
    '{"owner":null,"tags":null,"level":null,"at":null}',
  );
});
