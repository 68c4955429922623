import { createApiClient } from './api-client';
import { session } from './session';

/** The app's one API client: the session cookie, its CSRF token and the workspace on every request. */
export const api = createApiClient({
  csrfToken: session.csrfToken,
  workspace: session.workspace,
  onUnauthorized: () => session.signOut(),
});
