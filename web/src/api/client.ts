import { createApiClient } from './api-client';
import { session } from './session';

/** The app's one API client: the session's token and workspace on every request. */
export const api = createApiClient({
  token: session.token,
  workspace: session.workspace,
  onUnauthorized: () => session.signOut(),
});
