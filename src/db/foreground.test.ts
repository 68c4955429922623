import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { giveWay, requestStarted } from './foreground.js';

/** Whether `promise` settles within `ms`: long for what must go on, short for what must wait. */
const settlesWithin = (promise: Promise<unknown>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};
const goesOn = (promise: Promise<unknown>) => settlesWithin(promise, 2000);
const waits = async (promise: Promise<unknown>) => !(await settlesWithin(promise, 100));

describe('background work giving way to requests', () => {
  test('goes on at once when no request is under way', async () => {
    const db = {};
    assert.ok(await goesOn(giveWay(db)));
  });

  test('waits while a request is under way and goes on when the last one ends', async () => {
    const db = {};
    const first = requestStarted(db);
    const second = requestStarted(db);
    const waiting = giveWay(db, 10_000);
    assert.ok(await waits(waiting));
    first();
    first(); // ending twice counts once
    assert.ok(await waits(waiting));
    second();
    assert.ok(await goesOn(waiting));
  });

  test('goes on after its longest wait under a request that does not end', async () => {
    const db = {};
    requestStarted(db);
    const started = performance.now();
    for (let i = 0; i < 3; i++) await giveWay(db, 30);
    assert.ok(performance.now() - started >= 90);
    // The request still counts: the next step waits again.
    assert.ok(await waits(giveWay(db, 10_000)));
  });

  test('counts each database on its own', async () => {
    const busy = {};
    requestStarted(busy);
    assert.ok(await goesOn(giveWay({}, 10_000)));
  });

  test('lets a socket be read between the steps of work that only awaits promises', async () => {
    // Without giving way, a chain of resolved promises keeps Node from reading any socket until it ends.
    const server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let steps = 0;
    let running = true;
    const work = (async () => {
      const until = Date.now() + 2000;
      while (Date.now() < until) {
        await giveWay(server);
        const busyUntil = Date.now() + 5;
        while (Date.now() < busyUntil);
        steps++;
      }
      running = false;
    })();
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    const duringWork = running;
    const stepsThen = steps;
    assert.equal(await answer.text(), 'ok');
    await work;
    server.close();
    assert.ok(duringWork, `the request was answered only after the work's ${stepsThen} steps`);
  });
});
