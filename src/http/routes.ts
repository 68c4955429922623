import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from '../audit/routes.js';
import { passwordRoutes } from '../auth/password-routes.js';
import { authRoutes } from '../auth/routes.js';
import { businessLineRoutes } from '../business-lines/routes.js';
import { careRoutes } from '../care/routes.js';
import { contactRoutes } from '../contacts/routes.js';
import { contractRoutes } from '../contracts/routes.js';
import { duplicateRoutes } from '../customers/duplicates-routes.js';
import { mergeRoutes } from '../customers/merge-routes.js';
import { customerRoutes } from '../customers/routes.js';
import { exportRoutes } from '../exports/routes.js';
import { importRoutes } from '../imports/routes.js';
import { interactionRoutes } from '../interactions/routes.js';
import { jobRoutes } from '../jobs/routes.js';
import { lifecycleRoutes } from '../lifecycle/routes.js';
import { invitationRoutes } from '../members/invitation-routes.js';
import { memberRoutes } from '../members/routes.js';
import { teamRoutes } from '../members/team-routes.js';
import { notificationRoutes } from '../notifications/routes.js';
import { ownershipRoutes } from '../ownership/routes.js';
import { privacyRoutes } from '../privacy/routes.js';
import { scoringRoutes } from '../scoring/routes.js';
import { surveyRoutes } from '../surveys/routes.js';
import { taskRoutes } from '../tasks/routes.js';
import { ticketRoutes } from '../tickets/routes.js';
import { transactionRoutes } from '../transactions/routes.js';
import { userRoutes } from '../users/routes.js';
import { valueRoutes } from '../value/routes.js';
import { workspaceRoutes } from '../workspaces/routes.js';
import { healthRoutes } from './health.js';

/** Every domain's routes, mounted under /api/v1. */
export const routePlugins: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  passwordRoutes,
  userRoutes,
  workspaceRoutes,
  customerRoutes,
  ownershipRoutes,
  notificationRoutes,
  duplicateRoutes,
  mergeRoutes,
  exportRoutes,
  contactRoutes,
  businessLineRoutes,
  transactionRoutes,
  contractRoutes,
  memberRoutes,
  invitationRoutes,
  teamRoutes,
  interactionRoutes,
  lifecycleRoutes,
  valueRoutes,
  scoringRoutes,
  importRoutes,
  taskRoutes,
  ticketRoutes,
  surveyRoutes,
  auditRoutes,
  privacyRoutes,
  jobRoutes,
  careRoutes,
];
