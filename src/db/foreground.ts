/**
 * Requests before background work, on the embedded database. Its one connection serves both, and a
 * chain of statements that only awaits promises never lets Node read a socket: an import would run to
 * its end before the next request is even parsed. So the server counts the requests under way, and
 * long background work, cut into short transactions, gives way to them between two transactions.
 */
interface Foreground {
  active: number;
  idle: (() => void)[];
}

const foregrounds = new WeakMap<object, Foreground>();

function foregroundOf(db: object): Foreground {
  let foreground = foregrounds.get(db);
  if (!foreground) {
    foreground = { active: 0, idle: [] };
    foregrounds.set(db, foreground);
  }
  return foreground;
}

/** A request on `db` began; the function returned ends it (once, however often it is called). */
export function requestStarted(db: object): () => void {
  const foreground = foregroundOf(db);
  foreground.active++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    foreground.active--;
    if (foreground.active === 0) for (const wake of foreground.idle.splice(0)) wake();
  };
}

// A callback queued from a check-phase callback runs in the next turn of the event loop, after its
// poll phase has read the sockets: two turns let a request that arrived meanwhile begin.
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Lets the requests that arrived begin, then waits until none is under way, or `maxWaitMs` at most,
 * so that a steady stream of requests still leaves the background work a transaction now and then.
 */
export async function giveWay(db: object, maxWaitMs = 500): Promise<void> {
  await nextTurn();
  const foreground = foregroundOf(db);
  if (foreground.active === 0) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      foreground.idle.splice(foreground.idle.indexOf(wake), 1);
      resolve();
    }, maxWaitMs);
    const wake = () => {
      clearTimeout(timer);
      resolve();
    };
    foreground.idle.push(wake);
  });
}
