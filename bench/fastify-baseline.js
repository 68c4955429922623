/**
 * The floor of `bench api`: Fastify answering GET /api/v1/customers/:id with a fixed customer shaped like the API's, with no
 * authentication, no database and no validation, in a process of its own like the server.
 * Usage: node bench/fastify-baseline.js PORT. Plain JavaScript, so it starts without a loader.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const customer = {
  id: '0b7e2f4c-5d1a-4a8e-9c3b-2f6d8e1a7b90',
  kind: 'person',
  type: 'consumer',
  name: 'Customer 4711',
  company: null,
  phones: ['+8613800004711'],
  emails: ['c4711@example.com'],
  industry: null,
  region: 'Shanghai',
  source: null,
  tags: [],
  birthday: null,
  custom: {},
  ownerId: null,
  consent: {},
  externalId: null,
  version: 1,
  createdAt: '2026-01-05T08:00:00.000Z',
  updatedAt: '2026-01-05T08:00:00.000Z',
  lifecycle: null,
  value: null,
};
const app = Fastify();
app.get('/api/v1/customers/:id', async () => customer);
await app.listen({ port, host: '127.0.0.1' });
