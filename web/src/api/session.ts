/**
 * The signed-in session. Its secret is an httpOnly cookie that no script on the page can read; what
 * the page sees is the CSRF cookie beside it, which says that a session exists and whose value changing
 * requests send back. Only the chosen workspace is kept in localStorage. Subscribers hear of sign-in and
 * sign-out (also when the server refuses the session).
 */
const CSRF_COOKIE = 'clm_csrf';
const WORKSPACE_KEY = 'clm.workspace';

type Listener = () => void;
const listeners = new Set<Listener>();

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('=')) || null;
  }
  return null;
}

const notify = () => {
  for (const listener of listeners) listener();
};

export const session = {
  /** The CSRF token of the current session; null when signed out. */
  csrfToken: () => readCookie(CSRF_COOKIE),
  signedIn: () => readCookie(CSRF_COOKIE) !== null,
  workspace: () => localStorage.getItem(WORKSPACE_KEY),
  /** Called once the server has set the session cookies. */
  signIn: notify,
  chooseWorkspace(id: string) {
    localStorage.setItem(WORKSPACE_KEY, id);
  },
  /** Forgets the session here; the server clears its cookie on logout, or has already ended it. */
  signOut() {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from the Firefox and Safari CLM supports
    document.cookie = `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict`;
    localStorage.removeItem(WORKSPACE_KEY);
    // Signed in by earlier versions of the app: the bearer token they kept here is not left behind.
    localStorage.removeItem('clm.token');
    notify();
  },
  subscribe(listener: Listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
