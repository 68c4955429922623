import { existsSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Serves the built web app: its files as they are, and index.html for any other page the client routes. */
export interface WebApp {
  serves(request: FastifyRequest): boolean;
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

export async function registerWebApp(app: FastifyInstance, root: string): Promise<WebApp> {
  // serve: false registers no routes, so the API's authentication hook never sees the app's files;
  // they are answered from the not-found handler, after every API route had its chance.
  await app.register(fastifyStatic, { root, serve: false });
  return {
    serves: (request) =>
      (request.method === 'GET' || request.method === 'HEAD') && !/^\/api(\/|$)/.test(request.url),
    send(request, reply) {
      const path = normalize(decodeURIComponent(request.url.split('?')[0]));
      const file = join(root, path);
      if (path !== '/' && file.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
        // Vite puts a content hash in every asset name, so an asset never changes under its name.
        const immutable = path.startsWith('/assets/');
        return reply.sendFile(path, { maxAge: immutable ? '365d' : 0, immutable });
      }
      // Never cached: a new build must reach users on their next visit, with the asset names it refers to.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
    },
  };
}
