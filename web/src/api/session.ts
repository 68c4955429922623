/**
 * The signed-in session, kept in localStorage so a reload or a second tab stays signed in. Subscribers
 * hear of sign-in and sign-out (also when the server refuses the token).
 */
const TOKEN_KEY = 'clm.token';
const WORKSPACE_KEY = 'clm.workspace';

type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  token: () => localStorage.getItem(TOKEN_KEY),
  workspace: () => localStorage.getItem(WORKSPACE_KEY),
  signIn(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
    for (const listener of listeners) listener();
  },
  chooseWorkspace(id: string) {
    localStorage.setItem(WORKSPACE_KEY, id);
  },
  signOut() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(WORKSPACE_KEY);
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
