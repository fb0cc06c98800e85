/**
 * Only the request path's Redis commands per submission from `npm run bench:api` (its last table), without the
 * load runs: a quick check of a change to what a submission sends to Redis. Run: npm run bench:request-path.
 */
import { printRequestPath } from './api/request-path.js';
import { notice, submissionBody } from './api/notices.js';

const bodies = Array.from({ length: 200 }, (_, i) => submissionBody(notice(i + 1)));

await printRequestPath(bodies, 20, async (child) => void (await child.stop()));
