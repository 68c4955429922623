// Builds the web app when it is missing or stale, before tests that serve it start in parallel.
import { ensureWebBuild } from '../src/server/web-build.js';

ensureWebBuild((line) => console.log(line));
