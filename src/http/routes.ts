import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from '../auth/routes.js';
import { businessLineRoutes } from '../business-lines/routes.js';
import { customerRoutes } from '../customers/routes.js';
import { transactionRoutes } from '../transactions/routes.js';
import { workspaceRoutes } from '../workspaces/routes.js';
import { healthRoutes } from './health.js';

/** Every domain's routes, mounted under /api/v1. */
export const routePlugins: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  workspaceRoutes,
  customerRoutes,
  businessLineRoutes,
  transactionRoutes,
];
